package jp.renkei.server.oncall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.Action;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.protocol.Timestamps;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomLogs;
import org.springframework.stereotype.Service;

/**
 * A patient room's care roles: the 主治医 and 副主治医 (members who are physicians) and the cover periods
 * during which the 副主治医 covers, set by the host or the 主治医 (policy {@code SET_CARE_ROLES}) as room
 * events; and who covers now ({@link CoverResolver}, with the on-call rota of the 主治医's
 * organisation). Every change and every refusal is audited.
 */
@Service
class CareTeamService {

    /** The longest cover period (a holiday week and its weekends). */
    static final Duration MAX_COVER = Duration.ofDays(31);
    /** Cover periods that have not ended, at most. */
    static final int MAX_COVERS = 20;

    private final CareTeams teams;
    private final Rotas rotas;
    private final RoomLogs logs;
    private final RoomAccess access;
    private final AccountRepository accounts;
    private final AuditTrail audit;
    private final Clock clock;
    private final jp.renkei.policy.AccessPolicy policy;

    CareTeamService(CareTeams teams, Rotas rotas, RoomLogs logs, RoomAccess access, AccountRepository accounts,
                    AuditTrail audit, Clock clock, jp.renkei.policy.AccessPolicy policy) {
        this.policy = policy;
        this.teams = teams;
        this.rotas = rotas;
        this.logs = logs;
        this.access = access;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** The body of {@code PUT /api/rooms/{roomId}/care-team/roles}. */
    record RolesInput(String attendingUserId, String deputyUserId) {
    }

    /** The body of {@code POST /api/rooms/{roomId}/care-team/covers}. */
    record CoverInput(String from, String to) {
    }

    CareTeam team(String roomId) {
        return teams.of(roomId);
    }

    CoverResolver.Covering covering(CareTeam team, Instant now) {
        String orgId = team.attendingId() == null ? null
                : accounts.findUser(team.attendingId()).map(UserAccount::organizationId).orElse(null);
        return CoverResolver.resolve(team, rotas.of(orgId).entries(), now);
    }

    /** The care team as the room's members see it (policy {@code VIEW_MEMBERS}). */
    Map<String, Object> view(UserAccount user, String roomId) {
        Room room = access.require(user, roomId, Action.VIEW_MEMBERS);
        CareTeam team = teams.of(roomId);
        return view(user, room, team);
    }

    void setRoles(UserAccount user, String roomId, RolesInput input) {
        if (input == null) {
            throw DomainException.invalid("attendingUserId", "required");
        }
        logs.exclusive(roomId, () -> {
            CareTeam team = teams.of(roomId);
            Room room = access.require(user, roomId, Action.SET_CARE_ROLES, team.attendingId(), null);
            List<Violation> violations = new ArrayList<>();
            UserAccount attending = physicianMember(room, input.attendingUserId(), "attendingUserId", violations);
            UserAccount deputy = physicianMember(room, input.deputyUserId(), "deputyUserId", violations);
            if (attending != null && deputy != null && attending.id().equals(deputy.id())) {
                violations.add(new Violation("deputyUserId", "same_as_attending"));
            }
            if (!violations.isEmpty()) {
                throw DomainException.invalid(violations);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("attending", attending == null ? null : attending.person());
            body.put("deputy", deputy == null ? null : deputy.person());
            logs.append(roomId, EventKind.CARE_ROLES_CHANGED, user.person(), body, null, CommandAudit.none());
            return null;
        });
        audit.record(new AuditEntry(user.id(), "care.roles.set", "room", roomId, roomId, true, "allowed", null));
    }

    String addCover(UserAccount user, String roomId, CoverInput input) {
        Instant now = clock.instant();
        List<Violation> violations = new ArrayList<>();
        Instant from = instant(input == null ? null : input.from(), "from", violations);
        Instant to = instant(input == null ? null : input.to(), "to", violations);
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_COVER) > 0 || !to.isAfter(now)) {
            throw new DomainException(ErrorCode.INVALID_TIME_RANGE,
                    "A cover period starts before it ends, lasts at most 31 days and has not ended.", null,
                    List.of(new Violation("to", !from.isBefore(to) ? "before_start" : !to.isAfter(now) ? "in_the_past" : "too_long")));
        }
        String coverId = "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        logs.exclusive(roomId, () -> {
            CareTeam team = teams.of(roomId);
            access.require(user, roomId, Action.SET_CARE_ROLES, team.attendingId(), null);
            if (team.deputyId() == null) {
                throw DomainException.invalid("deputyUserId", "required");
            }
            if (team.covers().stream().filter(c -> c.to().isAfter(now)).count() >= MAX_COVERS) {
                throw DomainException.invalid("covers", "too_many");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("coverId", coverId);
            body.put("from", Timestamps.format(from));
            body.put("to", Timestamps.format(to));
            logs.append(roomId, EventKind.CARE_COVER_ADDED, user.person(), body, null, CommandAudit.none());
            return null;
        });
        audit.record(new AuditEntry(user.id(), "care.cover.add", "cover", coverId, roomId, true, "allowed", null));
        return coverId;
    }

    void removeCover(UserAccount user, String roomId, String coverId) {
        logs.exclusive(roomId, () -> {
            CareTeam team = teams.of(roomId);
            access.require(user, roomId, Action.SET_CARE_ROLES, team.attendingId(), null);
            if (coverId == null || team.covers().stream().noneMatch(c -> c.coverId().equals(coverId))) {
                throw new DomainException(ErrorCode.NOT_FOUND);
            }
            logs.append(roomId, EventKind.CARE_COVER_REMOVED, user.person(), Map.of("coverId", coverId), null,
                    CommandAudit.none());
            return null;
        });
        audit.record(new AuditEntry(user.id(), "care.cover.remove", "cover", coverId, roomId, true, "allowed", null));
    }

    Map<String, Object> view(UserAccount user, Room room, CareTeam team) {
        Instant now = clock.instant();
        Map<String, UserAccount> people = accounts.findUsers(java.util.stream.Stream.of(team.attendingId(), team.deputyId())
                .filter(java.util.Objects::nonNull).toList());
        CoverResolver.Covering covering = covering(team, now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roomId", room.id());
        out.put("attending", person(people.get(team.attendingId())));
        out.put("deputy", person(people.get(team.deputyId())));
        List<Map<String, Object>> covers = new ArrayList<>();
        for (CareTeam.Cover c : team.covers()) {
            if (c.to().isAfter(now.minus(Duration.ofDays(1)))) {
                Map<String, Object> cv = new LinkedHashMap<>();
                cv.put("coverId", c.coverId());
                cv.put("from", Timestamps.format(c.from()));
                cv.put("to", Timestamps.format(c.to()));
                cv.put("active", c.covers(now));
                covers.add(cv);
            }
        }
        out.put("covers", covers);
        Map<String, Object> nowView = new LinkedHashMap<>();
        UserAccount who = covering.userId() == null ? null : accounts.findUser(covering.userId()).orElse(null);
        nowView.put("person", person(who));
        nowView.put("basis", covering.basis().wire());
        nowView.put("until", covering.until() == null ? null : Timestamps.format(covering.until()));
        nowView.put("member", who != null && room.member(who.id()) != null);
        out.put("now", nowView);
        // What the screen may offer: the policy decides, with the 主治医 as the owner (rule CARE-7).
        out.put("canEdit", policy.decide(user.subject(), Action.SET_CARE_ROLES, room.factsFor(user.id(), now),
                team.attendingId(), (jp.renkei.policy.Target) null).allowed());
        return out;
    }

    private static Person person(UserAccount u) {
        return u == null ? null : u.person();
    }

    private UserAccount physicianMember(Room room, String userId, String field, List<Violation> violations) {
        if (userId == null || userId.isEmpty()) {
            return null;
        }
        if (!Ids.isValidUserId(userId) || room.member(userId) == null) {
            violations.add(new Violation(field, "not_a_member"));
            return null;
        }
        UserAccount u = accounts.findUser(userId).orElse(null);
        if (u == null || !u.active() || u.profession() != Profession.PHYSICIAN) {
            violations.add(new Violation(field, "not_a_physician"));
            return null;
        }
        return u;
    }

    /** An ISO-8601 instant with an offset ({@code 2026-06-01T09:00:00+09:00} or {@code …Z}). */
    static Instant instant(String text, String field, List<Violation> violations) {
        if (text == null || text.isBlank()) {
            violations.add(new Violation(field, "required"));
            return null;
        }
        if (text.length() > 40) {
            violations.add(new Violation(field, "too_long"));
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "bad_format"));
            return null;
        }
    }
}
