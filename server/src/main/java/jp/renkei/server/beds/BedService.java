package jp.renkei.server.beds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Reason;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.beds.BedInputs.AnswerInput;
import jp.renkei.server.beds.BedInputs.HandoffInput;
import jp.renkei.server.beds.BedInputs.InquiryInput;
import jp.renkei.server.beds.BedInputs.NoticeInput;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.error.DomainException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The bed board: notices (空床情報), inquiries (照会), holds (仮押さえ) and confirmations.
 *
 * <p>Every step asks the policy ({@link AccessPolicy#decideBeds}) and is audited, allowed or denied.
 * The board is small (a city has about 80 clinics with beds), so it is kept in memory, loaded at startup
 * and written through; each change is one single-document write guarded on the stored version, under
 * this service's lock (one node; a cluster would need a change-stream feed, like rooms). Staleness is
 * computed at read time from the injected {@link Clock}; {@link #maintain()} expires holds, announces
 * notices that went stale and purges those past the grace period (the embedded database has no TTL).
 */
@Service
public class BedService {

    private final AccessPolicy policy = new AccessPolicy();
    private final BedRepository repository;
    private final AccountRepository accounts;
    private final RoomService rooms;
    private final AuditTrail audit;
    private volatile Clock clock;
    private final Duration hold;
    private final Duration staleGrace;
    private final Map<String, BedNotice> notices = new ConcurrentHashMap<>();
    private final Map<String, BedInquiry> inquiries = new ConcurrentHashMap<>();
    private final Set<String> announcedStale = ConcurrentHashMap.newKeySet();
    private final List<Consumer<BedNotice>> noticeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BedInquiry>> inquiryListeners = new CopyOnWriteArrayList<>();
    private final ObjectProvider<BedInquiryListener> inquiryObservers;

    BedService(BedRepository repository, AccountRepository accounts, RoomService rooms, AuditTrail audit,
               ObjectProvider<Clock> clock, ObjectProvider<BedInquiryListener> inquiryObservers,
               @Value("${renkei.beds.hold-minutes:120}") long holdMinutes,
               @Value("${renkei.beds.stale-grace-hours:24}") long staleGraceHours) {
        this.repository = repository;
        this.accounts = accounts;
        this.rooms = rooms;
        this.audit = audit;
        this.inquiryObservers = inquiryObservers;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.hold = Duration.ofMinutes(holdMinutes);
        this.staleGrace = Duration.ofHours(staleGraceHours);
        repository.allNotices().forEach(n -> notices.put(n.id(), n));
        repository.allInquiries().forEach(q -> inquiries.put(q.id(), q));
    }

    /** The board's clock (the application's {@code Clock}). */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Replaces the clock (tests drive expiry with it in the shared test server, since a second Spring
     * context cannot open the same embedded database); returns the previous one to restore.
     */
    Clock useClock(Clock replacement) {
        Clock previous = clock;
        clock = replacement;
        return previous;
    }

    void onNotice(Consumer<BedNotice> listener) {
        noticeListeners.add(listener);
    }

    void onInquiry(Consumer<BedInquiry> listener) {
        inquiryListeners.add(listener);
    }

    // ------------------------------------------------------------------ notices

    /**
     * Publishes a notice for the user's clinic, after the policy and the input checks.
     *
     * @throws jp.renkei.server.error.DomainException if the user may not publish or the input is invalid
     */
    public synchronized BedNotice publish(UserAccount user, NoticeInput in) {
        CommandAudit command = allowed(user, Action.PUBLISH_BED_NOTICE, null, null, "bed.publish", "bed-notice", null);
        BedNotice n;
        Organization clinic;
        try {
            Instant now = now();
            clinic = accounts.findOrganization(user.organizationId()).orElseThrow();
            n = validNotice(in, "bn-" + UUID.randomUUID(), clinic, now, now, 1, false);
            audit.writeBefore(command); // rides on the notice's durable insert: one journaled write
            repository.insert(n);
        } finally {
            audit.complete(command); // recorded on its own if it did not ride (invalid input, a failed insert)
        }
        notices.put(n.id(), n);
        announcedStale.remove(n.id());
        fireNotice(n);
        repository.count(clinic.id(), "published");
        return n;
    }

    synchronized BedNotice update(UserAccount user, String id, NoticeInput in) {
        BedNotice old = existing(id);
        CommandAudit command = allowed(user, Action.MANAGE_BED_NOTICE, old.clinicId(), null, "bed.update",
                "bed-notice", id);
        Organization clinic;
        BedNotice n;
        try {
            if (in == null || in.version() == null || in.version() != old.version()) {
                throw new DomainException(ErrorCode.STALE_VERSION);
            }
            clinic = accounts.findOrganization(old.clinicId()).orElseThrow();
            n = validNotice(in, id, clinic, old.publishedAt(), now(), old.version() + 1, false);
            audit.writeBefore(command); // rides on the notice's durable replace
            store(n, old.version());
        } finally {
            audit.complete(command);
        }
        repository.count(clinic.id(), "updated");
        return n;
    }

    synchronized BedNotice withdraw(UserAccount user, String id) {
        BedNotice old = existing(id);
        require(user, Action.MANAGE_BED_NOTICE, old.clinicId(), null, "bed.withdraw", "bed-notice", id);
        BedNotice n = old.withdrawnAt(now());
        store(n, old.version());
        return n;
    }

    /** The board, freshest first; withdrawn notices are left out, stale ones marked. */
    List<BedNotice> board(UserAccount user, BoardFilter filter) {
        require(user, Action.VIEW_BED_BOARD, null, null, "bed.board", "bed-board", null);
        return notices.values().stream().filter(n -> !n.withdrawn()).filter(filter::matches)
                .sorted(FRESHEST_FIRST).toList();
    }

    /** Freshness: open before stale, then most recently updated first. */
    private final Comparator<BedNotice> FRESHEST_FIRST = Comparator
            .comparing((BedNotice n) -> n.status(now()).equals("open") ? 0 : 1)
            .thenComparing(BedNotice::updatedAt, Comparator.reverseOrder());

    /** Whether the policy allows a notice-independent bed action (for what the screen offers). */
    boolean may(UserAccount user, Action action) {
        return policy.decideBeds(user.subject(), action, null, null).allowed();
    }

    /** May this user still receive board deliveries (asked at each delivery)? */
    boolean mayViewBoard(UserAccount user) {
        return policy.decideBeds(user.subject(), Action.VIEW_BED_BOARD, null, null).allowed();
    }

    /** May this user still receive this inquiry's updates? */
    boolean mayViewInquiry(UserAccount user, BedInquiry q) {
        return policy.decideBeds(user.subject(), Action.VIEW_BED_INQUIRY, q.clinicId(), q.officeId()).allowed();
    }

    // ------------------------------------------------------------------ inquiries

    synchronized BedInquiry inquire(UserAccount user, String noticeId, InquiryInput in) {
        BedNotice n = existing(noticeId);
        require(user, Action.SEND_BED_INQUIRY, n.clinicId(), null, "bed.inquire", "bed-notice", noticeId);
        if (n.withdrawn()) {
            throw new DomainException(ErrorCode.BED_NOTICE_NOT_FOUND);
        }
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        BedValidation v = new BedValidation();
        String ageBand = v.oneOf("ageBand", in.ageBand(), BedValidation.AGE_BANDS);
        String sex = v.oneOf("sex", in.sex(), Set.of("male", "female", "other"));
        List<String> needs = v.capabilities("needs", in.needs());
        LocalDate wanted = v.date("wantedDate", in.wantedDate(), true);
        String note = v.text("note", in.note(), BedValidation.MAX_TEXT, false);
        BedValidation.throwIfAny(v);
        Instant now = now();
        Organization office = accounts.findOrganization(user.organizationId()).orElseThrow();
        BedInquiry q = new BedInquiry("bq-" + UUID.randomUUID(), n.id(), n.clinicId(), office.id(), office.name(),
                ageBand, sex, needs, wanted, note, "pending", null, now, null, null, null, 1,
                List.of(new BedInquiry.Step(now, user.id(), "inquire", null)));
        repository.insert(q);
        inquiries.put(q.id(), q);
        fireInquiry(q);
        return q;
    }

    /** The inquiries of the user's organisation (either side), newest first. */
    List<BedInquiry> inquiries(UserAccount user) {
        String org = user.organizationId();
        List<BedInquiry> mine = inquiries.values().stream()
                .filter(q -> q.clinicId().equals(org) || q.officeId().equals(org))
                .filter(q -> mayViewInquiry(user, q))
                .sorted(Comparator.comparing(BedInquiry::createdAt).reversed()).toList();
        audit.record(new AuditEntry(user.id(), "bed.inquiries", "bed-inquiry", null, null, true,
                "listed:" + mine.size(), null));
        return mine;
    }

    synchronized BedInquiry answer(UserAccount user, String id, AnswerInput in) {
        BedInquiry q = inquiry(user, id);
        require(user, Action.ANSWER_BED_INQUIRY, q.clinicId(), q.officeId(), "bed.answer", "bed-inquiry", id);
        BedValidation v = new BedValidation();
        String answer = v.oneOf("answer", in == null ? null : in.answer(), Set.of("accept", "decline", "discuss"));
        String message = v.text("message", in == null ? null : in.message(), BedValidation.MAX_TEXT, false);
        BedValidation.throwIfAny(v);
        if (!q.state().equals("pending") && !q.state().equals("discuss")) {
            throw new DomainException(ErrorCode.BED_INQUIRY_STATE);
        }
        Instant now = now();
        String state = switch (answer) {
            case "accept" -> "accepted";
            case "decline" -> "declined";
            default -> "discuss";
        };
        return store(q.next(state, null, new BedInquiry.Step(now, user.id(), answer, message),
                q.answeredAt() == null ? now : q.answeredAt(), q.answeredBy() == null ? user.id() : q.answeredBy(),
                q.roomId()));
    }

    synchronized BedInquiry hold(UserAccount user, String id) {
        BedInquiry q = inquiry(user, id);
        require(user, Action.HOLD_BED, q.clinicId(), q.officeId(), "bed.hold", "bed-inquiry", id);
        if (!q.state().equals("accepted")) {
            throw new DomainException(ErrorCode.BED_INQUIRY_STATE);
        }
        BedNotice n = existing(q.noticeId());
        if (n.withdrawn() || n.available() - heldOn(n.id()) <= 0) {
            throw new DomainException(ErrorCode.NO_BEDS_LEFT);
        }
        Instant now = now();
        return store(q.next("held", now.plus(hold), new BedInquiry.Step(now, user.id(), "hold", null),
                q.answeredAt(), q.answeredBy(), q.roomId()));
    }

    /** Confirms a hold: the notice's available count drops by one, guarded on its version. */
    synchronized BedInquiry confirm(UserAccount user, String id) {
        BedInquiry q = inquiry(user, id);
        require(user, Action.HOLD_BED, q.clinicId(), q.officeId(), "bed.confirm", "bed-inquiry", id);
        Instant now = now();
        if (!q.state().equals("held") || !now.isBefore(q.holdUntil())) {
            throw new DomainException(ErrorCode.BED_INQUIRY_STATE);
        }
        BedNotice n = existing(q.noticeId());
        if (n.available() <= 0) {
            throw new DomainException(ErrorCode.NO_BEDS_LEFT);
        }
        store(n.withAvailable(n.available() - 1, now), n.version());
        repository.count(q.clinicId(), "confirmed");
        return store(q.next("confirmed", null, new BedInquiry.Step(now, user.id(), "confirm", null),
                q.answeredAt(), q.answeredBy(), q.roomId()));
    }

    synchronized BedInquiry release(UserAccount user, String id) {
        BedInquiry q = inquiry(user, id);
        require(user, Action.RELEASE_BED_HOLD, q.clinicId(), q.officeId(), "bed.release", "bed-inquiry", id);
        if (!q.state().equals("held") && !q.state().equals("accepted")) {
            throw new DomainException(ErrorCode.BED_INQUIRY_STATE);
        }
        Instant now = now();
        return store(q.next("released", null, new BedInquiry.Step(now, user.id(), "release", null),
                q.answeredAt(), q.answeredBy(), q.roomId()));
    }

    /**
     * After confirmation, the office opens a patient room for the handoff with the clinic's answering
     * staff, once the patient's consent is recorded (SP-CON-01, SP-CON-03).
     */
    synchronized String handoffRoom(UserAccount user, String id, HandoffInput in) {
        BedInquiry q = inquiry(user, id);
        require(user, Action.HOLD_BED, q.clinicId(), q.officeId(), "bed.handoff", "bed-inquiry", id);
        if (!q.state().equals("confirmed") || q.roomId() != null) {
            throw new DomainException(ErrorCode.BED_INQUIRY_STATE);
        }
        BedValidation v = new BedValidation();
        v.check(in != null && in.consent() != null, "consent", "required");
        v.check(in != null && in.patient() != null, "patient", "required");
        BedValidation.throwIfAny(v);
        // RoomService validates the patient profile and the consent record, asks the policy
        // (CREATE_PATIENT_ROOM) and records the consent with the room.
        String roomId = rooms.create(user, new CreateRoom("patient", null, in.patient(), in.consent()));
        if (q.answeredBy() != null) {
            rooms.invite(user, roomId, q.answeredBy());
        }
        Instant now = now();
        store(q.next(q.state(), null, new BedInquiry.Step(now, user.id(), "handoff",
                "consent:" + in.consent().consentedBy() + "/" + in.consent().method()), q.answeredAt(), q.answeredBy(),
                roomId));
        audit.record(new AuditEntry(user.id(), "bed.handoff-room", "room", roomId, roomId, true,
                "consent_" + in.consent().method(), null));
        return roomId;
    }

    // ------------------------------------------------------------------ maintenance

    /** Expires holds, announces notices gone stale, purges notices past the grace period. */
    synchronized void maintain() {
        Instant now = now();
        for (BedInquiry q : List.copyOf(inquiries.values())) {
            if (q.state().equals("held") && !now.isBefore(q.holdUntil())) {
                store(q.next("expired", null, new BedInquiry.Step(now, "system", "expire", null), q.answeredAt(),
                        q.answeredBy(), q.roomId()));
                repository.count(q.clinicId(), "expired");
                audit.record(new AuditEntry("system", "bed.expire", "bed-inquiry", q.id(), null, true,
                        "hold_expired", null));
            }
        }
        for (BedNotice n : List.copyOf(notices.values())) {
            boolean gone = n.withdrawn() ? !now.isBefore(n.updatedAt().plus(staleGrace))
                    : !now.isBefore(n.expiresAt().plus(staleGrace));
            if (gone) {
                repository.deleteNotice(n.id());
                notices.remove(n.id());
                announcedStale.remove(n.id());
                audit.record(new AuditEntry("system", "bed.purge", "bed-notice", n.id(), null, true, "expired", null));
                if (!n.withdrawn()) {
                    fireNotice(n.withdrawnAt(now));
                }
            } else if (!n.withdrawn() && n.status(now).equals("stale") && announcedStale.add(n.id())) {
                fireNotice(n);
            }
        }
    }

    // ------------------------------------------------------------------ metrics

    /** Per clinic and per area: notices published, inquiries, answered, median minutes to answer, holds. */
    Map<String, Object> metrics(UserAccount user) {
        require(user, Action.VIEW_BED_METRICS, null, null, "bed.metrics", "bed-metrics", null);
        Map<String, Map<String, Object>> clinics = new LinkedHashMap<>();
        Map<String, String> areaOf = new LinkedHashMap<>();
        for (var d : repository.allCounters()) {
            String id = d.getString("_id");
            Map<String, Object> m = clinicRow(clinics, id, areaOf);
            for (String f : List.of("published", "confirmed", "expired")) {
                m.put(f, ((Number) d.getOrDefault(f, 0L)).longValue());
            }
        }
        Map<String, List<Long>> minutes = new LinkedHashMap<>();
        for (BedInquiry q : inquiries.values()) {
            Map<String, Object> m = clinicRow(clinics, q.clinicId(), areaOf);
            m.merge("inquiries", 1L, (a, b) -> (Long) a + (Long) b);
            if (q.answeredAt() != null) {
                m.merge("answered", 1L, (a, b) -> (Long) a + (Long) b);
                minutes.computeIfAbsent(q.clinicId(), k -> new ArrayList<>())
                        .add(Duration.between(q.createdAt(), q.answeredAt()).toMinutes());
            }
        }
        clinics.forEach((id, m) -> m.put("medianMinutesToAnswer", median(minutes.get(id))));
        Map<String, Map<String, Object>> areas = new LinkedHashMap<>();
        Map<String, List<Long>> areaMinutes = new LinkedHashMap<>();
        clinics.forEach((id, m) -> {
            String area = areaOf.get(id);
            Map<String, Object> a = areas.computeIfAbsent(area, k -> zero(new LinkedHashMap<>()));
            for (String f : List.of("published", "inquiries", "answered", "confirmed", "expired")) {
                a.merge(f, m.get(f), (x, y) -> (Long) x + (Long) y);
            }
            areaMinutes.computeIfAbsent(area, k -> new ArrayList<>()).addAll(minutes.getOrDefault(id, List.of()));
        });
        areas.forEach((area, a) -> a.put("medianMinutesToAnswer", median(areaMinutes.get(area))));
        return Map.of("clinics", clinics, "areas", areas);
    }

    private Map<String, Object> clinicRow(Map<String, Map<String, Object>> clinics, String id, Map<String, String> areaOf) {
        return clinics.computeIfAbsent(id, k -> {
            Organization org = accounts.findOrganization(id).orElse(null);
            areaOf.put(id, org == null ? "-" : org.area());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", org == null ? id : org.name());
            m.put("area", areaOf.get(id));
            return zero(m);
        });
    }

    private static Map<String, Object> zero(Map<String, Object> m) {
        for (String f : List.of("published", "inquiries", "answered", "confirmed", "expired")) {
            m.put(f, 0L);
        }
        return m;
    }

    private static Long median(List<Long> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    // ------------------------------------------------------------------ support

    BedNotice existing(String id) {
        BedNotice n = id == null ? null : notices.get(id);
        if (n == null) {
            throw new DomainException(ErrorCode.BED_NOTICE_NOT_FOUND);
        }
        return n;
    }

    /** The inquiry if the user's organisation is a side of it; else not found (existence not revealed). */
    private BedInquiry inquiry(UserAccount user, String id) {
        BedInquiry q = id == null ? null : inquiries.get(id);
        if (q == null || !mayViewInquiry(user, q)) {
            audit.record(new AuditEntry(user.id(), "bed.inquiry", "bed-inquiry", id, null, false,
                    Reason.NOT_INQUIRY_PARTY.code(), null));
            throw new DomainException(ErrorCode.BED_INQUIRY_NOT_FOUND);
        }
        return q;
    }

    private long heldOn(String noticeId) {
        return inquiries.values().stream().filter(q -> q.noticeId().equals(noticeId) && q.state().equals("held")).count();
    }

    /**
     * Like {@link #require}, but an allowed decision's entry is not recorded yet: it is returned to ride on
     * the durable write that follows ({@link AuditTrail#writeBefore}, then {@link AuditTrail#complete}), so a
     * notice costs one journaled write instead of two. A refusal is recorded at once and thrown.
     */
    private CommandAudit allowed(UserAccount user, Action action, String clinicId, String officeId, String auditAction,
                                 String type, String resourceId) {
        Decision d = policy.decideBeds(user.subject(), action, clinicId, officeId);
        AuditEntry entry = new AuditEntry(user.id(), auditAction, type, resourceId, null, d.allowed(), d.reason().code(),
                null);
        if (!d.allowed()) {
            audit.record(entry);
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
        return CommandAudit.of(entry);
    }

    private void require(UserAccount user, Action action, String clinicId, String officeId, String auditAction,
                         String type, String resourceId) {
        Decision d = policy.decideBeds(user.subject(), action, clinicId, officeId);
        audit.record(new AuditEntry(user.id(), auditAction, type, resourceId, null, d.allowed(), d.reason().code(), null));
        if (!d.allowed()) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
    }

    private void store(BedNotice n, long expectedVersion) {
        if (!repository.replace(n, expectedVersion)) {
            throw new DomainException(ErrorCode.STALE_VERSION);
        }
        notices.put(n.id(), n);
        if (!n.status(now()).equals("stale")) {
            announcedStale.remove(n.id());
        }
        fireNotice(n);
    }

    private BedInquiry store(BedInquiry q) {
        if (!repository.replace(q, q.version() - 1)) {
            throw new DomainException(ErrorCode.BED_INQUIRY_STATE);
        }
        inquiries.put(q.id(), q);
        audit.record(new AuditEntry(q.steps().get(q.steps().size() - 1).by(), "bed.step." + q.state(), "bed-inquiry",
                q.id(), null, true, q.state(), null));
        fireInquiry(q);
        return q;
    }

    private BedNotice validNotice(NoticeInput in, String id, Organization clinic, Instant publishedAt, Instant now,
                                  long version, boolean withdrawn) {
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        BedValidation v = new BedValidation();
        String bedType = v.oneOf("bedType", in.bedType(), BedValidation.BED_TYPES);
        int available = v.count("available", in.available());
        LocalDate from = v.date("availableFrom", in.availableFrom(), true);
        LocalDate until = v.date("availableUntil", in.availableUntil(), false);
        v.check(from == null || until == null || !until.isBefore(from), "availableUntil", "before_from");
        List<String> accepts = v.capabilities("accepts", in.accepts());
        String sex = v.oneOf("sex", in.sex(), Set.of("any", "male", "female"));
        String contact = v.text("contact", in.contact(), BedValidation.MAX_CONTACT, true);
        String remarks = v.text("remarks", in.remarks(), BedValidation.MAX_TEXT, false);
        Instant expiresAt = v.instant("expiresAt", in.expiresAt());
        v.check(expiresAt == null || expiresAt.isAfter(now), "expiresAt", "in_the_past");
        v.check(expiresAt == null || !expiresAt.isAfter(now.plus(Duration.ofDays(BedValidation.MAX_EXPIRY_DAYS))),
                "expiresAt", "too_far");
        BedValidation.throwIfAny(v);
        return new BedNotice(id, clinic.id(), clinic.name(), clinic.area(), bedType, available, from, until, accepts,
                sex, contact, remarks, expiresAt, publishedAt, now, version, withdrawn);
    }

    private void fireNotice(BedNotice n) {
        noticeListeners.forEach(l -> l.accept(n));
    }

    private void fireInquiry(BedInquiry q) {
        inquiryListeners.forEach(l -> l.accept(q));
        BedInquiry.Step last = q.steps().isEmpty() ? null : q.steps().get(q.steps().size() - 1);
        BedInquiryListener.InquiryStep step = new BedInquiryListener.InquiryStep(q.id(), q.clinicId(), q.officeId(),
                last == null ? null : last.action(), q.state(), last == null ? null : last.by());
        inquiryObservers.orderedStream().forEach(o -> o.onInquiryStep(step));
    }
}
