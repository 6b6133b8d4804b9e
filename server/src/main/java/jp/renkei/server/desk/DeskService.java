package jp.renkei.server.desk;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Reason;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.desk.DeskInputs.CaseInput;
import jp.renkei.server.desk.DeskInputs.FollowUpInput;
import jp.renkei.server.desk.DeskInputs.HandoverInput;
import jp.renkei.server.desk.DeskInputs.ProvidersInput;
import jp.renkei.server.desk.DeskInputs.StatusInput;
import jp.renkei.server.desk.DeskInputs.SubjectInput;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.room.RoomAccess;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The consultation desk's cases: recording, versions, follow-ups, search, providers introduced and
 * hand-overs.
 *
 * <p>Who: every step asks the policy ({@link AccessPolicy#decideDesk}) about the case's desk and is
 * audited, allowed or denied; every read of a case's contents is audited per case (SP-AUD-01). A case
 * of another desk answers {@code NOT_FOUND}, as if it did not exist.
 *
 * <p>Where: each case's plain facts (desk, month, categories, status, due dates) are kept in memory, read
 * whole at startup without opening any content, so lists, follow-ups and reports are computed without a
 * scan of the store; contents are read by {@code _id} and opened only for what is shown. One node (a
 * cluster would need a change feed, like rooms). Text search opens the desk's cases in memory: see
 * {@link #search}.
 */
@Service
public class DeskService {

    /** Search opens at most this many of a desk's newest cases matching the other filters. */
    static final int MAX_SEARCH_SCAN = 2000;
    /** A list answers at most this many cases. */
    static final int MAX_RESULTS = 100;

    private final AccessPolicy policy = new AccessPolicy();
    private final DeskRepository repository;
    private final DeskCategories categories;
    private final ProviderLookup providers;
    private final RoomAccess roomAccess;
    private final AuditTrail audit;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, DeskCase> index = new ConcurrentHashMap<>();

    DeskService(DeskRepository repository, DeskCategories categories, ProviderLookup providers, RoomAccess roomAccess,
                AuditTrail audit, Clock clock, @Value("${renkei.zone:Asia/Tokyo}") ZoneId zone) {
        this.repository = repository;
        this.categories = categories;
        this.providers = providers;
        this.roomAccess = roomAccess;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
        repository.allPlain().forEach(c -> index.put(c.id(), c));
    }

    Instant now() {
        return clock.instant();
    }

    ZoneId zone() {
        return zone;
    }

    LocalDate today() {
        return LocalDate.ofInstant(now(), zone);
    }

    /** Whether the policy allows {@code action} on the user's own desk (for what the screens offer). */
    boolean may(UserAccount user, Action action) {
        return policy.decideDesk(user.subject(), action, user.organizationId()).allowed();
    }

    // ------------------------------------------------------------------ writing

    /** Records a new case at the user's desk (version 1). */
    public synchronized DeskCase record(UserAccount user, CaseInput in) {
        String desk = user.organizationId();
        require(user, Action.RECORD_DESK_CASE, desk, "desk.case.create", null);
        Instant now = now();
        DeskCase c = build(in, "dc-" + UUID.randomUUID(), desk, 1, null, now, user.id());
        repository.store(c, "created");
        index.put(c.id(), plain(c));
        return c;
    }

    /** A new version of the case from the worker's edited form; {@code version} must be the current one. */
    synchronized DeskCase edit(UserAccount user, String id, CaseInput in) {
        DeskCase old = current(user, id, Action.RECORD_DESK_CASE, "desk.case.edit");
        expectVersion(old, in == null ? null : in.version());
        DeskCase c = build(in, old.id(), old.deskId(), old.version() + 1, old, now(), user.id());
        return store(c, "edited");
    }

    synchronized DeskCase setStatus(UserAccount user, String id, StatusInput in) {
        DeskCase old = current(user, id, Action.RECORD_DESK_CASE, "desk.case.status");
        DeskValidation v = new DeskValidation();
        String status = v.oneOf("status", in == null ? null : in.status(), DeskValidation.STATUSES, true);
        DeskValidation.throwIfAny(v);
        expectVersion(old, in.version());
        return store(old.next(now(), user.id()).withStatus(status), "closed".equals(status) ? "closed" : "reopened");
    }

    synchronized DeskCase followUpDone(UserAccount user, String id, String followUpId, Long version) {
        DeskCase old = current(user, id, Action.RECORD_DESK_CASE, "desk.followup.done");
        expectVersion(old, version);
        Instant now = now();
        boolean found = false;
        List<DeskCase.FollowUp> list = new ArrayList<>();
        for (DeskCase.FollowUp f : old.followUps()) {
            if (f.id().equals(followUpId)) {
                found = true;
                list.add(f.done() ? f : new DeskCase.FollowUp(f.id(), f.due(), true, now, user.id()));
            } else {
                list.add(f);
            }
        }
        if (!found) {
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        return store(old.next(now, user.id()).withFollowUps(list), "followup.done");
    }

    /** Records the providers introduced in the answer, by organisation id and their name at this time. */
    synchronized DeskCase introduce(UserAccount user, String id, ProvidersInput in) {
        DeskCase old = current(user, id, Action.RECORD_DESK_CASE, "desk.providers");
        DeskValidation v = new DeskValidation();
        List<String> ids = in == null || in.organizationIds() == null ? List.of() : in.organizationIds();
        v.check(!ids.isEmpty(), "organizationIds", "required");
        v.check(ids.size() <= DeskValidation.MAX_PROVIDERS, "organizationIds", "too_many");
        Instant now = now();
        List<DeskCase.IntroducedProvider> added = new ArrayList<>(old.providers());
        Set<String> seen = new HashSet<>();
        for (String orgId : ids) {
            if (orgId == null || orgId.length() > DeskValidation.MAX_SHORT || !seen.add(orgId)) {
                v.add("organizationIds", orgId == null || orgId.length() > DeskValidation.MAX_SHORT ? "not_allowed" : "duplicate");
                continue;
            }
            ProviderLookup.Provider p = providers.find(orgId).orElse(null);
            if (p == null) {
                v.add("organizationIds", "not_found");
                continue;
            }
            added.add(new DeskCase.IntroducedProvider(p.organizationId(), p.name(), p.kind(), now, user.id()));
        }
        DeskValidation.throwIfAny(v);
        expectVersion(old, in.version());
        return store(old.next(now, user.id()).withProviders(added), "providers.introduced");
    }

    /**
     * Hands the case over to a care team, with the person's consent (SP-CON-03): links a patient room the
     * worker is a member of, or records the organisation asked to open one. Only the link is stored, as a
     * version of the case; nothing of the case is written into the room (the room has its own consent).
     */
    synchronized DeskCase handover(UserAccount user, String id, HandoverInput in) {
        DeskCase old = current(user, id, Action.HAND_OVER_DESK_CASE, "desk.handover");
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        DeskValidation v = new DeskValidation();
        String kind = v.oneOf("kind", in.kind(), List.of("room", "referral"), true);
        DeskInputs.ConsentInput consent = in.consent();
        String by = null;
        String method = null;
        LocalDate date = null;
        if (consent != null) {
            by = v.oneOf("consent.by", consent.by(), List.of("patient", "family", "guardian"), true);
            method = v.oneOf("consent.method", consent.method(), List.of("verbal", "written"), true);
            date = v.date("consent.date", consent.date(), true);
            v.check(date == null || !date.isAfter(today()), "consent.date", "in_the_future");
        }
        if ("room".equals(kind)) {
            v.check(in.roomId() != null && in.roomId().length() <= DeskValidation.MAX_SHORT, "roomId", "required");
        }
        ProviderLookup.Provider org = null;
        if ("referral".equals(kind)) {
            if (v.check(in.organizationId() != null && in.organizationId().length() <= DeskValidation.MAX_SHORT,
                    "organizationId", "required")) {
                org = providers.find(in.organizationId()).orElse(null);
                v.check(org != null, "organizationId", "not_found");
            }
        }
        DeskValidation.throwIfAny(v);
        if (consent == null || !Boolean.TRUE.equals(consent.given())) {
            audit.record(new AuditEntry(user.id(), "desk.handover", "desk-case", id, null, false,
                    "consent_required", null));
            throw new DomainException(ErrorCode.CONSENT_REQUIRED, null, "consent_required", null);
        }
        if ("room".equals(kind)) {
            // The worker must be a member of the room (ROOM_NOT_FOUND otherwise, audited by RoomAccess).
            roomAccess.require(user, in.roomId(), Action.READ_TIMELINE);
        }
        expectVersion(old, in.version());
        Instant now = now();
        List<DeskCase.Handover> list = new ArrayList<>(old.handovers());
        list.add(new DeskCase.Handover(kind, "room".equals(kind) ? in.roomId() : null,
                org == null ? null : org.organizationId(), org == null ? null : org.name(), by, method, date, now, user.id()));
        return store(old.next(now, user.id()).withHandovers(list), "handover." + kind);
    }

    // ------------------------------------------------------------------ reading

    /** A case with its history (every version, oldest first); the read is audited. */
    Read read(UserAccount user, String id) {
        DeskCase c = current(user, id, Action.READ_DESK_CASE, "desk.case.read");
        return new Read(c, repository.history(c.id(), c.version()));
    }

    record Read(DeskCase current, List<DeskRepository.Version> history) {
    }

    /**
     * The user's desk's cases matching all filters, newest first, at most {@value #MAX_RESULTS}.
     *
     * <p>The limit of text search: contents are sealed, so the text is matched after opening each
     * candidate in memory (the newest {@value #MAX_SEARCH_SCAN} of the desk's cases that pass the other
     * filters; narrow by month for older ones). Matching is on NFKC-normalised, case-folded text of the
     * question, answer, referral, consulter and the person's name and area. No index of the text exists
     * anywhere, by design. Each case opened for the answer is audited as a read.
     */
    List<DeskCase> search(UserAccount user, String text, String category, String status, String month) {
        String desk = user.organizationId();
        require(user, Action.READ_DESK_CASE, desk, "desk.case.search", null);
        DeskValidation v = new DeskValidation();
        if (text != null) {
            text = v.text("q", text, DeskValidation.MAX_SHORT, false, false);
        }
        v.oneOf("status", status == null || status.isBlank() ? null : status, DeskValidation.STATUSES, false);
        v.check(category == null || category.isBlank() || categories.find(category).isPresent(), "category", "not_allowed");
        DeskValidation.throwIfAny(v);
        YearMonth ym = DeskValidation.month(month);
        String needle = text == null ? null : fold(text);
        List<DeskCase> candidates = index.values().stream().filter(c -> c.deskId().equals(desk))
                .filter(c -> category == null || category.isBlank() || c.categories().contains(category))
                .filter(c -> status == null || status.isBlank() || c.status().equals(status))
                .filter(c -> ym == null || c.month().equals(ym))
                .sorted(Comparator.comparing(DeskCase::occurredAt).reversed())
                .limit(needle == null ? MAX_RESULTS : MAX_SEARCH_SCAN).toList();
        List<DeskCase> out = new ArrayList<>();
        for (DeskCase plain : candidates) {
            DeskCase c = repository.find(plain.id()).orElse(null);
            if (c == null) {
                continue;
            }
            if (needle == null || matches(c, needle)) {
                audit.recordBatched(new AuditEntry(user.id(), "desk.case.list", "desk-case", c.id(), null, true,
                        Reason.DESK_WORKER.code(), null));
                out.add(c);
                if (out.size() >= MAX_RESULTS) {
                    break;
                }
            }
        }
        return out;
    }

    /** An open follow-up of the desk, with its case. */
    record FollowUpItem(DeskCase deskCase, DeskCase.FollowUp followUp, String text, boolean overdue) {
    }

    /** The desk's follow-ups not yet done, of open cases, by due date (Japan time); overdue marked. */
    List<FollowUpItem> followUps(UserAccount user) {
        String desk = user.organizationId();
        require(user, Action.READ_DESK_CASE, desk, "desk.followups", null);
        LocalDate today = today();
        List<FollowUpItem> out = new ArrayList<>();
        index.values().stream().filter(c -> c.deskId().equals(desk) && c.open())
                .filter(c -> c.followUps().stream().anyMatch(f -> !f.done()))
                .forEach(plain -> repository.find(plain.id()).ifPresent(c -> {
                    audit.recordBatched(new AuditEntry(user.id(), "desk.followups", "desk-case", c.id(), null, true,
                            Reason.DESK_WORKER.code(), null));
                    for (int i = 0; i < c.followUps().size(); i++) {
                        DeskCase.FollowUp f = c.followUps().get(i);
                        if (!f.done()) {
                            out.add(new FollowUpItem(c, f, c.followUpText(i), f.due().isBefore(today)));
                        }
                    }
                }));
        out.sort(Comparator.comparing((FollowUpItem i) -> i.followUp().due())
                .thenComparing(i -> i.deskCase().occurredAt()));
        return out;
    }

    /** Whether any case is stored (the demo seeds only an empty desk). */
    public boolean hasCases() {
        return !index.isEmpty();
    }

    /** The plain facts of every case (for reports and retention; no contents). */
    List<DeskCase> plainCases() {
        return List.copyOf(index.values());
    }

    /** Removes a case from the store and the index (retention). */
    synchronized void forget(DeskCase c) {
        repository.delete(c.id(), c.version());
        index.remove(c.id());
    }

    // ------------------------------------------------------------------ support

    /** Asks the policy, audits the answer, throws the documented error on a denial. */
    void require(UserAccount user, Action action, String deskId, String auditAction, String caseId) {
        Decision d = policy.decideDesk(user.subject(), action, deskId);
        audit.record(new AuditEntry(user.id(), auditAction, "desk-case", caseId, null, d.allowed(), d.reason().code(),
                null));
        if (!d.allowed()) {
            if (caseId != null && d.reason() == Reason.OTHER_DESK) {
                // Another desk's case is answered as if it did not exist.
                throw new DomainException(ErrorCode.NOT_FOUND);
            }
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
    }

    /** The current case with contents, after the policy allowed {@code action} on its desk. */
    private DeskCase current(UserAccount user, String id, Action action, String auditAction) {
        DeskCase plain = id == null ? null : index.get(id);
        if (plain == null) {
            // Not a desk worker: refused as such; a desk worker: not found.
            require(user, action, user.organizationId(), auditAction, null);
            audit.record(new AuditEntry(user.id(), auditAction, "desk-case", id == null ? null : truncate(id), null,
                    false, "not_found", null));
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        require(user, action, plain.deskId(), auditAction, id);
        return repository.find(id).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND));
    }

    private static String truncate(String id) {
        return id.length() > 60 ? id.substring(0, 60) : id;
    }

    private static void expectVersion(DeskCase c, Long version) {
        if (version == null) {
            throw DomainException.invalid("version", "required");
        }
        if (version != c.version()) {
            throw new DomainException(ErrorCode.STALE_VERSION);
        }
    }

    private DeskCase store(DeskCase c, String type) {
        repository.store(c, type);
        index.put(c.id(), plain(c));
        return c;
    }

    private static DeskCase plain(DeskCase c) {
        return new DeskCase(c.id(), c.deskId(), c.version(), c.occurredAt(), c.month(), c.channel(), c.consulterType(),
                c.categories(), c.status(), c.followUps(), c.providers(), c.handovers(), null, c.createdAt(),
                c.createdBy(), c.updatedAt(), c.updatedBy());
    }

    private DeskCase build(CaseInput in, String id, String desk, long version, DeskCase old, Instant now, String by) {
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        DeskValidation v = new DeskValidation();
        Instant occurredAt = in.occurredAt() == null && old != null ? old.occurredAt()
                : v.occurredAt("occurredAt", in.occurredAt(), now);
        String channel = v.oneOf("channel", in.channel(), DeskValidation.CHANNELS, true);
        String consulterType = v.oneOf("consulterType", in.consulterType(), DeskValidation.CONSULTER_TYPES, true);
        String consulterOrg = v.text("consulterOrganization", in.consulterOrganization(), DeskValidation.MAX_SHORT, false, false);
        String consulterName = v.text("consulterName", in.consulterName(), DeskValidation.MAX_SHORT, false, false);
        SubjectInput s = in.subject();
        DeskCase.Subject subject = s == null ? DeskCase.Subject.NONE : new DeskCase.Subject(
                v.text("subject.name", s.name(), DeskValidation.MAX_SHORT, false, false),
                v.oneOf("subject.ageBand", s.ageBand(), DeskValidation.AGE_BANDS, false),
                v.oneOf("subject.sex", s.sex(), DeskValidation.SEXES, false),
                v.text("subject.area", s.area(), DeskValidation.MAX_SHORT, false, false));
        List<String> cats = categoriesOf(v, in.categories(), old);
        String text = v.text("text", in.text(), DeskValidation.MAX_TEXT, true, true);
        String answer = v.text("answer", in.answer(), DeskValidation.MAX_TEXT, false, true);
        String referral = v.text("referral", in.referral(), DeskValidation.MAX_REFERRAL, false, true);
        String status = in.status() == null ? (old == null ? "open" : old.status())
                : v.oneOf("status", in.status(), DeskValidation.STATUSES, true);
        List<DeskCase.FollowUp> followUps = new ArrayList<>();
        List<String> followUpTexts = new ArrayList<>();
        List<FollowUpInput> fin = in.followUps() == null ? List.of() : in.followUps();
        if (v.check(fin.size() <= DeskValidation.MAX_FOLLOW_UPS, "followUps", "too_many")) {
            Map<String, DeskCase.FollowUp> previous = new HashMap<>();
            if (old != null) {
                old.followUps().forEach(f -> previous.put(f.id(), f));
            }
            int n = old == null ? 0 : old.followUps().size();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < fin.size(); i++) {
                FollowUpInput f = fin.get(i);
                String field = "followUps[" + i + "]";
                if (f == null) {
                    v.add(field, "required");
                    continue;
                }
                LocalDate due = v.date(field + ".due", f.due(), true);
                String what = v.text(field + ".what", f.what(), DeskValidation.MAX_FOLLOW_UP_TEXT, true, false);
                DeskCase.FollowUp before = f.id() == null ? null : previous.get(f.id());
                if (f.id() != null && (before == null || !ids.add(f.id()))) {
                    v.add(field + ".id", "not_found");
                    continue;
                }
                boolean done = Boolean.TRUE.equals(f.done());
                String fid = before != null ? before.id() : "f" + (++n);
                if (due != null) {
                    followUps.add(before != null && before.done() == done ? new DeskCase.FollowUp(fid, due, done,
                            before.doneAt(), before.doneBy())
                            : new DeskCase.FollowUp(fid, due, done, done ? now : null, done ? by : null));
                    followUpTexts.add(what == null ? "" : what);
                }
            }
        }
        DeskValidation.throwIfAny(v);
        DeskCase.Content content = new DeskCase.Content(consulterOrg, consulterName, subject, text, answer, referral,
                followUpTexts);
        return new DeskCase(id, desk, version, occurredAt, YearMonth.from(occurredAt.atZone(zone)), channel,
                consulterType, cats, status, followUps, old == null ? List.of() : old.providers(),
                old == null ? List.of() : old.handovers(), content, old == null ? now : old.createdAt(),
                old == null ? by : old.createdBy(), now, by);
    }

    /** At least one category, each known and offered (a retired one may stay on a case that had it). */
    private List<String> categoriesOf(DeskValidation v, List<String> in, DeskCase old) {
        if (in == null || in.isEmpty()) {
            v.add("categories", "required");
            return List.of();
        }
        if (in.size() > DeskValidation.MAX_CATEGORIES) {
            v.add("categories", "too_many");
            return List.of();
        }
        Set<String> set = new LinkedHashSet<>();
        for (String c : in) {
            boolean known = c != null && (categories.isActive(c) || (old != null && old.categories().contains(c)
                    && categories.find(c).isPresent()));
            if (!known) {
                v.add("categories", "not_allowed");
                return List.of();
            }
            if (!set.add(c)) {
                v.add("categories", "duplicate");
            }
        }
        return List.copyOf(set);
    }

    private static boolean matches(DeskCase c, String needle) {
        DeskCase.Content t = c.content();
        StringBuilder all = new StringBuilder();
        for (String s : new String[] {t.text(), t.answer(), t.referral(), t.consulterOrganization(), t.consulterName(),
                t.subject().name(), t.subject().area()}) {
            if (s != null) {
                all.append(s).append('\n');
            }
        }
        t.followUpTexts().forEach(s -> all.append(s).append('\n'));
        return fold(all.toString()).contains(needle);
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
