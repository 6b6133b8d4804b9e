package jp.renkei.server.oncall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Profession;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.Timestamps;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Service;

/**
 * An organisation's night and holiday on-call rota (当番表) and its escalation interval: kept by its
 * facility administrator, seen by its administrator and clinicians (policy {@code EDIT_ONCALL_ROTA},
 * {@code VIEW_ONCALL_ROTA}, target: the organisation). Every read and change is audited, refusals too.
 */
@Service
class RotaService {

    static final int MIN_MINUTES = 1;
    static final int MAX_MINUTES = 120;
    /** The longest entry: a 36-hour Sunday duty with margin. */
    static final Duration MAX_ENTRY = Duration.ofHours(72);
    static final int MAX_ENTRIES = 500;
    /** Ended entries are kept this long, then dropped when the rota is next changed. */
    static final Duration KEEP_ENDED = Duration.ofDays(30);

    private final Rotas rotas;
    private final AccountRepository accounts;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final EscalationSettings settings;

    RotaService(Rotas rotas, AccountRepository accounts, AccessPolicy policy, AuditTrail audit, Clock clock,
                EscalationSettings settings) {
        this.rotas = rotas;
        this.accounts = accounts;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** The body of {@code POST /api/oncall/rotas/{orgId}/entries}. */
    record EntryInput(String from, String to, String physicianUserId) {
    }

    /** The body of {@code PUT /api/oncall/rotas/{orgId}/settings}. */
    record SettingsInput(Integer escalationMinutes) {
    }

    boolean may(UserAccount user, Action action, String orgId) {
        return policy.decide(user.subject(), action, null, null, Target.organization(orgId)).allowed();
    }

    Map<String, Object> view(UserAccount user, String orgId) {
        Organization org = require(user, Action.VIEW_ONCALL_ROTA, orgId, "oncall.rota.view");
        audit.record(new AuditEntry(user.id(), "oncall.rota.view", "rota", orgId, null, true, "allowed", null));
        Rotas.Rota rota = rotas.of(orgId);
        Instant now = clock.instant();
        boolean canEdit = may(user, Action.EDIT_ONCALL_ROTA, orgId);
        Map<String, UserAccount> people = accounts.findUsers(rota.entries().stream().map(Rotas.Entry::physicianId).toList());
        List<Map<String, Object>> entries = new ArrayList<>();
        Object onCallNow = null;
        for (Rotas.Entry e : rota.entries()) {
            if (!e.to().isAfter(now.minus(Duration.ofDays(1)))) {
                continue;
            }
            UserAccount p = people.get(e.physicianId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entryId", e.entryId());
            m.put("from", Timestamps.format(e.from()));
            m.put("to", Timestamps.format(e.to()));
            m.put("physician", p == null ? null : p.person());
            m.put("active", e.covers(now));
            entries.add(m);
            if (e.covers(now) && onCallNow == null && p != null) {
                onCallNow = p.person();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("organizationId", orgId);
        out.put("organizationName", org.name());
        out.put("escalationMinutes", rota.escalationMinutes() == null ? settings.defaultMinutes() : rota.escalationMinutes());
        out.put("defaultMinutes", settings.defaultMinutes());
        out.put("entries", entries);
        out.put("onCallNow", onCallNow);
        out.put("canEdit", canEdit);
        out.put("physicians", canEdit ? physiciansOf(orgId).stream().map(UserAccount::person).toList() : List.of());
        return out;
    }

    String add(UserAccount user, String orgId, EntryInput input) {
        require(user, Action.EDIT_ONCALL_ROTA, orgId, "oncall.rota.add");
        Instant now = clock.instant();
        List<Violation> violations = new ArrayList<>();
        Instant from = CareTeamService.instant(input == null ? null : input.from(), "from", violations);
        Instant to = CareTeamService.instant(input == null ? null : input.to(), "to", violations);
        String physicianId = input == null ? null : input.physicianUserId();
        if (physicianId == null || physicianId.isEmpty()) {
            violations.add(new Violation("physicianUserId", "required"));
        } else if (!Ids.isValidUserId(physicianId) || physiciansOf(orgId).stream().noneMatch(u -> u.id().equals(physicianId))) {
            violations.add(new Violation("physicianUserId", "not_a_physician_of_organization"));
        }
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_ENTRY) > 0 || !to.isAfter(now)) {
            throw new DomainException(ErrorCode.INVALID_TIME_RANGE,
                    "A rota entry starts before it ends, lasts at most 72 hours and has not ended.", null,
                    List.of(new Violation("to", !from.isBefore(to) ? "before_start" : !to.isAfter(now) ? "in_the_past" : "too_long")));
        }
        rotas.removeEndedBefore(orgId, now.minus(KEEP_ENDED));
        Rotas.Rota rota = rotas.of(orgId);
        if (rota.entries().size() >= MAX_ENTRIES) {
            throw DomainException.invalid("entries", "too_many");
        }
        for (Rotas.Entry e : rota.entries()) {
            if (e.from().isBefore(to) && from.isBefore(e.to())) {
                throw new DomainException(ErrorCode.INVALID_TIME_RANGE, "The entry overlaps another entry of the rota.",
                        null, List.of(new Violation("from", "overlaps")));
            }
        }
        String entryId = "e-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        rotas.add(orgId, new Rotas.Entry(entryId, from, to, physicianId, user.id()));
        audit.record(new AuditEntry(user.id(), "oncall.rota.add", "rota", orgId, null, true, "allowed", null));
        return entryId;
    }

    void remove(UserAccount user, String orgId, String entryId) {
        require(user, Action.EDIT_ONCALL_ROTA, orgId, "oncall.rota.remove");
        if (entryId == null || rotas.of(orgId).entries().stream().noneMatch(e -> e.entryId().equals(entryId))) {
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        rotas.remove(orgId, entryId);
        audit.record(new AuditEntry(user.id(), "oncall.rota.remove", "rota", orgId, null, true, "allowed", null));
    }

    void settings(UserAccount user, String orgId, SettingsInput input) {
        require(user, Action.EDIT_ONCALL_ROTA, orgId, "oncall.rota.settings");
        Integer minutes = input == null ? null : input.escalationMinutes();
        if (minutes == null) {
            throw DomainException.invalid("escalationMinutes", "required");
        }
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw DomainException.invalid("escalationMinutes", "out_of_range");
        }
        rotas.setEscalationMinutes(orgId, minutes);
        audit.record(new AuditEntry(user.id(), "oncall.rota.settings", "rota", orgId, null, true, "allowed", null));
    }

    private List<UserAccount> physiciansOf(String orgId) {
        return accounts.usersOf(orgId).stream().filter(u -> u.active() && u.profession() == Profession.PHYSICIAN)
                .sorted(java.util.Comparator.comparing(UserAccount::id)).toList();
    }

    /** The organisation if the policy allows; otherwise the refusal is audited and reported. */
    private Organization require(UserAccount user, Action action, String orgId, String auditAction) {
        String target = orgId != null && Ids.isValidOrganizationId(orgId) ? orgId : null;
        Decision d = policy.decide(user.subject(), action, null, null, Target.organization(target));
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), auditAction, "rota", target, null, false, d.reason().code(), null));
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
        return accounts.findOrganization(orgId).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND));
    }
}
