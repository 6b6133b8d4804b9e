package jp.renkei.server.room;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jp.renkei.policy.Action;
import jp.renkei.policy.MemberRole;
import jp.renkei.policy.Profession;
import jp.renkei.policy.RoomKind;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.protocol.ServerMessages.ConsentRecorded;
import jp.renkei.protocol.ServerMessages.MemberGone;
import jp.renkei.protocol.ServerMessages.MemberJoined;
import jp.renkei.protocol.ServerMessages.RoomCreated;
import jp.renkei.protocol.Violation;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Decision;
import org.springframework.stereotype.Service;

/**
 * Creating rooms and managing their members. Membership changes are room events, appended under the
 * room's write lock and applied to the room before anyone is told, so a removed member's next
 * delivery is already refused.
 */
@Service
public class RoomService {

    private static final Set<String> SEXES = Set.of("female", "male", "other");

    private final RoomRepository rooms;
    private final RoomLogs logs;
    private final RoomAccess access;
    private final AccountRepository accounts;
    private final ConsentRules consentRules;
    private final AccessPolicy policy;
    private final RoomCache cache;

    RoomService(RoomRepository rooms, RoomLogs logs, RoomAccess access, AccountRepository accounts,
                AccessPolicy policy, ConsentRules consentRules, RoomCache cache) {
        this.policy = policy;
        this.consentRules = consentRules;
        this.cache = cache;
        this.rooms = rooms;
        this.logs = logs;
        this.access = access;
        this.accounts = accounts;
    }

    public String create(UserAccount host, CreateRoom request) {
        return create(host, request, Instant.now());
    }

    /** Creates a room with {@code host} as its 連携ホスト. {@code at} is now except for demo data. */
    public String create(UserAccount host, CreateRoom request, Instant at) {
        RoomKind kind = request == null ? null : RoomKind.fromWire(request.kind());
        if (kind == null) {
            throw DomainException.invalid("kind", request == null || request.kind() == null ? "required" : "unknown_value");
        }
        List<Violation> violations = new ArrayList<>();
        PatientProfile patient = request.patient();
        if (kind == RoomKind.PATIENT) {
            validatePatient(patient, violations);
        } else if (patient != null) {
            violations.add(new Violation("patient", "not_allowed"));
        }
        ConsentRecorded consent = null;
        if (request.consent() != null) {
            if (kind == RoomKind.PATIENT) {
                consent = consentRules.validate(request.consent(), "consent.", violations);
            } else {
                violations.add(new Violation("consent", "not_allowed"));
            }
        }
        String title = request.title() == null || request.title().isBlank()
                ? (patient != null && patient.name() != null ? patient.name().strip() : null)
                : request.title().strip();
        if (title == null || title.isEmpty()) {
            violations.add(new Violation("title", "required"));
        } else if (title.codePointCount(0, title.length()) > Limits.MAX_TITLE) {
            violations.add(new Violation("title", "too_long"));
        }
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        Decision decision = policy.decide(host.subject(),
                kind == RoomKind.PATIENT ? Action.CREATE_PATIENT_ROOM : Action.CREATE_NETWORK_ROOM, null);
        if (!decision.allowed()) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, decision.reason().code(), null);
        }
        String roomId = "r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        rooms.insert(roomId, kind, title, patient, host.id(), at);
        logs.append(roomId, EventKind.ROOM_CREATED, host.person(), new RoomCreated(title, kind.wire()), null, CommandAudit.none(), at);
        logs.append(roomId, EventKind.MEMBER_INVITED, host.person(),
                new MemberJoined(host.person(), MemberRole.HOST.wire()), null, CommandAudit.none(), at);
        if (consent != null) {
            logs.append(roomId, EventKind.CONSENT_RECORDED, host.person(), consent, null, CommandAudit.none(), at);
        }
        return roomId;
    }

    public void invite(UserAccount host, String roomId, String inviteeId) {
        invite(host, roomId, inviteeId, Instant.now());
    }

    /** Invites a user; only the host may (SP-AUTHZ-02). {@code at} is now except for demo data. */
    public void invite(UserAccount host, String roomId, String inviteeId, Instant at) {
        UserAccount invitee = Ids.isValidUserId(inviteeId) ? accounts.findUser(inviteeId).orElse(null) : null;
        logs.exclusive(roomId, () -> {
            // First: may the caller invite anyone at all (is the caller the host)? Asked with a
            // profession every room may receive, so non-hosts learn nothing about the invitee.
            Room asked = access.require(host, roomId, Action.INVITE_MEMBER, null, Profession.NURSE);
            if (invitee == null || !invitee.active()) {
                throw new DomainException(ErrorCode.USER_NOT_FOUND);
            }
            // A family member may join only when the patient's consent names them (SP-CON-02); care staff
            // only when their profession is within the consent's scope (SP-CON-01, rule INV-8).
            Room room = access.requireFor(host, roomId, Action.INVITE_MEMBER, null, new Target(invitee.profession(),
                    invitee.organizationId(), asked.consent().familyIds().contains(invitee.id()), null,
                    asked.consent().covers(invitee.profession())));
            if (room.member(invitee.id()) != null) {
                throw new DomainException(ErrorCode.ALREADY_MEMBER);
            }
            if (room.members().size() >= Limits.MAX_MEMBERS) {
                throw new DomainException(ErrorCode.INVALID_FIELD, "The room has the most members allowed.", null,
                        List.of(new Violation("userId", "too_many")));
            }
            return logs.append(roomId, EventKind.MEMBER_INVITED, host.person(),
                    new MemberJoined(invitee.person(), MemberRole.MEMBER.wire()), null, CommandAudit.none(), at);
        });
    }

    /** Removes a member (host only), or leaves when {@code userId} is the caller. */
    public void removeOrLeave(UserAccount caller, String roomId, String userId) {
        logs.exclusive(roomId, () -> {
            if (caller.id().equals(userId)) {
                access.require(caller, roomId, Action.LEAVE_ROOM);
                return logs.append(roomId, EventKind.MEMBER_LEFT, caller.person(), new MemberGone(userId), null, CommandAudit.none());
            }
            Room room = access.require(caller, roomId, Action.REMOVE_MEMBER, userId, null);
            if (room.member(userId) == null) {
                throw new DomainException(ErrorCode.USER_NOT_FOUND);
            }
            return logs.append(roomId, EventKind.MEMBER_REMOVED, caller.person(), new MemberGone(userId), null, CommandAudit.none());
        });
    }

    // ---- Leavers (SP-AUTHZ-05) ----

    /** What became of one room of a leaver. {@code newHostUserId} is set when the room changed host. */
    public record LeaverRoom(String roomId, String outcome, String newHostUserId) {
        public static final String REMOVED = "removed";
        public static final String HOST_CHANGED = "host_changed";
        public static final String ARCHIVED = "archived";
    }

    /**
     * Ends a leaver's membership of one room, as room events so that members are told and the leaver's
     * deliveries stop. If the leaver hosted the room, it first passes to another member: a care
     * professional of the leaver's organisation if there is one, else the longest-standing care
     * professional (host.changed); with no one to take it, the room becomes a read-only archive.
     * The caller ({@code auth.Offboarding}) has asked the policy ({@code OFFBOARD_USER}) already:
     * a facility admin acts on their organisation's leaver, not as a room member.
     */
    public LeaverRoom removeLeaver(UserAccount admin, String roomId, UserAccount leaver) {
        return logs.exclusive(roomId, () -> {
            Room room = cache.get(roomId).orElse(null);
            if (room == null || room.member(leaver.id()) == null) {
                return new LeaverRoom(roomId, LeaverRoom.REMOVED, null);
            }
            if (room.purged()) {
                // Nothing can be appended to a purged room (its key is gone); the leaver's list forgets it.
                rooms.removeRoomOfUser(leaver.id(), roomId);
                return new LeaverRoom(roomId, LeaverRoom.REMOVED, null);
            }
            LeaverRoom outcome = new LeaverRoom(roomId, LeaverRoom.REMOVED, null);
            if (leaver.id().equals(room.hostUserId())) {
                UserAccount successor = successor(room, leaver);
                if (successor != null) {
                    logs.append(roomId, EventKind.HOST_CHANGED, admin.person(),
                            new jp.renkei.protocol.ServerMessages.HostChanged(leaver.id(), successor.person()), null, CommandAudit.none());
                    outcome = new LeaverRoom(roomId, LeaverRoom.HOST_CHANGED, successor.id());
                } else {
                    rooms.archive(roomId);
                    cache.refresh(roomId);
                    outcome = new LeaverRoom(roomId, LeaverRoom.ARCHIVED, null);
                }
            }
            logs.append(roomId, EventKind.MEMBER_REMOVED, admin.person(), new MemberGone(leaver.id()), null, CommandAudit.none());
            return outcome;
        });
    }

    private UserAccount successor(Room room, UserAccount leaver) {
        List<String> others = room.members().keySet().stream().filter(id -> !id.equals(leaver.id())).toList();
        var candidates = accounts.findUsers(others).values().stream()
                .filter(u -> u.active() && u.profession().isCareStaff())
                .sorted(java.util.Comparator.comparing((UserAccount u) -> room.member(u.id()).joinedAt(),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())).thenComparing(UserAccount::id))
                .toList();
        return candidates.stream().filter(u -> u.organizationId() != null && u.organizationId().equals(leaver.organizationId()))
                .findFirst().orElse(candidates.isEmpty() ? null : candidates.get(0));
    }

    /** Whether {@code userId} is in a room titled {@code title} (demo data loads once with it). */
    public boolean hasRoomNamed(String userId, String title) {
        return rooms.roomIdsOf(userId).stream().map(cache::get).flatMap(java.util.Optional::stream)
                .anyMatch(r -> title.equals(r.title()));
    }

    /** The room's latest sequence number as recorded. */
    public long headOf(String roomId) {
        return rooms.find(roomId).map(r -> r.head().seq()).orElse(0L);
    }

    private static void validatePatient(PatientProfile p, List<Violation> out) {
        if (p == null) {
            out.add(new Violation("patient", "required"));
            return;
        }
        if (p.name() == null || p.name().isBlank()) {
            out.add(new Violation("patient.name", "required"));
        }
        maxLength(p.name(), 50, "patient.name", out);
        maxLength(p.nameKana(), 50, "patient.nameKana", out);
        maxLength(p.careLevel(), 10, "patient.careLevel", out);
        maxLength(p.area(), 50, "patient.area", out);
        if (p.sex() != null && !SEXES.contains(p.sex())) {
            out.add(new Violation("patient.sex", "unknown_value"));
        }
        if (p.birthDate() != null) {
            try {
                LocalDate date = LocalDate.parse(p.birthDate());
                if (date.isAfter(LocalDate.now(ConsentRules.JAPAN)) || date.getYear() < 1890) {
                    out.add(new Violation("patient.birthDate", "out_of_range"));
                }
            } catch (DateTimeParseException e) {
                out.add(new Violation("patient.birthDate", "bad_format"));
            }
        }
    }

    private static void maxLength(String value, int max, String field, List<Violation> out) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            out.add(new Violation(field, "too_long"));
        }
    }
}
