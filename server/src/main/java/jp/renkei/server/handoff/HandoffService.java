package jp.renkei.server.handoff;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Reason;
import jp.renkei.policy.RoomFacts;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.calendar.CalendarCommands.AddItem;
import jp.renkei.server.calendar.CalendarItem;
import jp.renkei.server.calendar.CalendarService;
import jp.renkei.server.calendar.CalendarViews.CalendarStored;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.handoff.HandoffInputs.AnswerInput;
import jp.renkei.server.handoff.HandoffInputs.ConferenceInput;
import jp.renkei.server.handoff.HandoffInputs.CreateInput;
import jp.renkei.server.handoff.HandoffInputs.EditInput;
import jp.renkei.server.handoff.HandoffInputs.ReceiveInput;
import jp.renkei.server.room.ConsentRules;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handoff sheets (入院時情報提供書, 退院・退所情報記録書): written by one office about one patient, sent to
 * another, acknowledged by a named person there (受け取りました), answered or returned. Every step asks the
 * policy ({@link AccessPolicy#decideHandoff}: the two offices only, care staff only, the patient's consent
 * in force) and is audited, allowed or denied; contents are sealed under the room's key (or the sheet's
 * own, without a room); each edit adds a sealed version and nothing is ever overwritten. Changes run under
 * this service's lock (one node) and are guarded on the stored {@code rev}. Every check runs before the
 * first write, so a refused request stores nothing.
 */
@Service
public class HandoffService {

    static final int MAX_MESSAGE = 2000;
    static final int MAX_ATTENDEES = 20;
    static final String UNDECIDED = "care_manager_undecided";

    private final AccessPolicy policy = new AccessPolicy();
    private final HandoffRepository repository;
    private final HandoffTemplates templates;
    private final HandoffOffices offices;
    private final AccountRepository accounts;
    private final RoomCache roomCache;
    private final RoomService rooms;
    private final ConsentRules consentRules;
    private final CalendarService calendar;
    private final ContentCipher cipher;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration remindAfter;
    private final Duration remindEvery;
    private final ObjectProvider<HandoffListener> listeners;
    private final List<Consumer<Handoff>> changeListeners = new CopyOnWriteArrayList<>();
    /** Sheets sent and not yet acknowledged, for the reminder tick (loaded once, then kept current). */
    private final Map<String, Boolean> unacknowledged = new ConcurrentHashMap<>();

    HandoffService(HandoffRepository repository, HandoffTemplates templates, HandoffOffices offices,
                   AccountRepository accounts, RoomCache roomCache, RoomService rooms, ConsentRules consentRules,
                   CalendarService calendar, ContentCipher cipher, AuditTrail audit, JsonMapper json, Clock clock,
                   ObjectProvider<HandoffListener> listeners,
                   @Value("${renkei.zone:Asia/Tokyo}") ZoneId zone,
                   @Value("${renkei.handoff.remind-after-minutes:60}") long remindAfterMinutes,
                   @Value("${renkei.handoff.remind-every-hours:24}") long remindEveryHours) {
        this.repository = repository;
        this.templates = templates;
        this.offices = offices;
        this.accounts = accounts;
        this.roomCache = roomCache;
        this.rooms = rooms;
        this.consentRules = consentRules;
        this.calendar = calendar;
        this.cipher = cipher;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.listeners = listeners;
        this.zone = zone;
        this.remindAfter = Duration.ofMinutes(remindAfterMinutes);
        this.remindEvery = Duration.ofHours(remindEveryHours);
        repository.unacknowledged().forEach(h -> unacknowledged.put(h.id(), Boolean.TRUE));
    }

    public Instant now() {
        return clock.instant();
    }

    ZoneId zone() {
        return zone;
    }

    void onChange(Consumer<Handoff> listener) {
        changeListeners.add(listener);
    }

    // ------------------------------------------------------------------ writing and sending

    /** Creates a draft (the sender's office only sees it until it is sent). */
    public synchronized Handoff create(UserAccount user, CreateInput in) {
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        List<Violation> v = new ArrayList<>();
        String kind = in.kind();
        if (kind == null || !HandoffTemplate.KINDS.contains(kind)) {
            throw DomainException.invalid("kind", kind == null ? "required" : "unknown_value");
        }
        HandoffTemplate template = template(kind, in.templateId(), in.templateVersion());
        Room room = null;
        PatientProfile patient;
        ConsentRecord consent = null;
        if (in.roomId() != null) {
            room = roomCache.get(in.roomId()).orElse(null);
            if (room == null) {
                throw deny(user, "handoff.create", Reason.NOT_A_MEMBER);
            }
            // Before any other check: a room one may not write in tells nothing about itself.
            require(user, Action.SEND_HANDOFF, "handoff.create", null, room, false, user.organizationId(), null);
            if (in.patient() != null || in.consent() != null) {
                v.add(new Violation(in.patient() != null ? "patient" : "consent", "not_allowed"));
            }
            patient = room.patient();
        } else {
            if (!kind.equals("discharge")) {
                throw DomainException.invalid("roomId", "required");
            }
            patient = in.patient();
            validatePatient(patient, v);
            if (in.consent() == null) {
                v.add(new Violation("consent", "required"));
            } else {
                consentRules.validate(in.consent(), "consent.", v);
                consent = in.consent();
            }
        }
        Instant admittedAt = null;
        if (kind.equals("admission")) {
            admittedAt = localDateTime("admittedAt", in.admittedAt(), true, v);
        } else if (in.admittedAt() != null) {
            v.add(new Violation("admittedAt", "not_allowed"));
        }
        Map<String, Object> content = ContentValidator.validate(template, in.content(), false, v);
        // The receiver: a named office, or the area's 地域包括支援センター when no care manager is in charge.
        Organization receiver = null;
        List<String> flags = new ArrayList<>();
        boolean undecided = Boolean.TRUE.equals(in.noCareManager());
        if (undecided && !kind.equals("discharge")) {
            v.add(new Violation("noCareManager", "not_allowed"));
        } else if (undecided) {
            if (in.receiverOrganizationId() != null) {
                v.add(new Violation("receiverOrganizationId", "not_allowed"));
            } else if (patient != null) {
                receiver = offices.supportCentreFor(patient.area()).orElse(null);
                if (receiver == null) {
                    v.add(new Violation("patient.area", "no_support_center"));
                }
                flags.add(UNDECIDED);
            }
        } else if (in.receiverOrganizationId() == null) {
            v.add(new Violation("receiverOrganizationId", "required"));
        } else {
            receiver = accounts.findOrganization(in.receiverOrganizationId()).orElse(null);
            if (receiver == null) {
                v.add(new Violation("receiverOrganizationId", "unknown_value"));
            } else if (receiver.id().equals(user.organizationId())) {
                v.add(new Violation("receiverOrganizationId", "own_organization"));
            } else if (kind.equals("admission") && receiver.kind() != OrganizationKind.HOSPITAL
                    && receiver.kind() != OrganizationKind.CLINIC_WITH_BEDS) {
                v.add(new Violation("receiverOrganizationId", "not_a_hospital"));
            }
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        String id = "h-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String receiverId = receiver.id();
        require(user, Action.SEND_HANDOFF, "handoff.create", null, room, consent != null, user.organizationId(),
                receiverId);
        Instant now = now();
        AdmissionDeadlines due = admittedAt == null ? null
                : AdmissionDeadlines.of(admittedAt, offices.hours(receiverId), zone);
        LocalDate planned = plannedDischarge(content);
        String keyScope = room != null ? room.id() : id;
        Handoff h = new Handoff(id, kind, template.id(), template.version(), user.organizationId(), receiverId,
                room == null ? null : room.id(), keyScope, consent != null, Handoff.DRAFT, 1, 1, now, admittedAt,
                due == null ? null : due.dueI(), due == null ? null : due.dueII(), null, null, null, null, planned,
                List.copyOf(flags), null, null, List.of(new Handoff.Step(now, user.id(), user.organizationId(), "created", 1)));
        seal(h, 1, patient, consent, content);
        repository.addToBox(user.organizationId(), id);
        repository.insert(h);
        audited(user, "handoff.create", h, true, "created");
        fire(h);
        return h;
    }

    /** Adds a version of the contents; the earlier ones stay (SP-REC-01). */
    public synchronized Handoff edit(UserAccount user, String id, EditInput in) {
        Handoff h = existing(user, id, "handoff.edit");
        requireFor(user, Action.SEND_HANDOFF, "handoff.edit", h);
        if (in == null || in.baseVersion() == null) {
            throw DomainException.invalid("baseVersion", "required");
        }
        if (!Set.of(Handoff.DRAFT, Handoff.SENT, Handoff.RECEIVED).contains(h.state())) {
            throw state();
        }
        if (in.baseVersion() != h.version()) {
            throw new DomainException(ErrorCode.STALE_VERSION);
        }
        HandoffTemplate template = templates.find(h.templateId(), h.templateVersion());
        List<Violation> v = new ArrayList<>();
        Map<String, Object> content = ContentValidator.validate(template, in.content(), !h.state().equals(Handoff.DRAFT), v);
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        Sealed previous = open(h, h.version());
        int version = h.version() + 1;
        Instant now = now();
        Handoff.Changes c = new Handoff.Changes();
        c.plannedDischarge = plannedDischarge(content);
        Handoff next = h.next(h.state(), version, new Handoff.Step(now, user.id(), user.organizationId(), "edited", version), c);
        seal(next, version, previous.patient(), previous.consent(), content);
        return store(user, "handoff.edit", next);
    }

    /** Sends a draft: every required field must be filled; the receiving office sees it from now on. */
    public synchronized Handoff send(UserAccount user, String id) {
        Handoff h = existing(user, id, "handoff.send");
        requireFor(user, Action.SEND_HANDOFF, "handoff.send", h);
        if (!h.state().equals(Handoff.DRAFT)) {
            throw state();
        }
        HandoffTemplate template = templates.find(h.templateId(), h.templateVersion());
        List<Violation> v = new ArrayList<>();
        ContentValidator.validate(template, json.valueToTree(open(h, h.version()).content()), true, v);
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        Instant now = now();
        Handoff.Changes c = new Handoff.Changes();
        c.sentAt = now;
        Handoff next = h.next(Handoff.SENT, h.version(), new Handoff.Step(now, user.id(), user.organizationId(), "sent",
                h.version()), c);
        repository.addToBox(h.receiverOrgId(), h.id());
        store(user, "handoff.send", next);
        unacknowledged.put(next.id(), Boolean.TRUE);
        tell(next, "sent", next.receiverOrgId(), user.id());
        return next;
    }

    // ------------------------------------------------------------------ receiving

    /**
     * 受け取りました by a named person of the receiving office. For a discharge sheet without a room the
     * receiving home team may open the patient's room now ({@code openRoom}), with the consent the
     * hospital recorded; they become its host.
     */
    public synchronized Handoff receive(UserAccount user, String id, ReceiveInput in) {
        Handoff h = existing(user, id, "handoff.receive");
        requireFor(user, Action.RECEIVE_HANDOFF, "handoff.receive", h);
        if (!h.state().equals(Handoff.SENT)) {
            throw state();
        }
        boolean openRoom = in != null && Boolean.TRUE.equals(in.openRoom());
        if (openRoom && h.roomId() != null) {
            throw DomainException.invalid("openRoom", "room_exists");
        }
        Instant now = now();
        Handoff.Changes c = new Handoff.Changes();
        c.receivedAt = now;
        c.receivedBy = user.id();
        Handoff next = h.next(Handoff.RECEIVED, h.version(), new Handoff.Step(now, user.id(), user.organizationId(),
                "received", h.version()), c);
        if (openRoom) {
            Sealed s = open(h, h.version());
            // RoomService validates the profile and the consent again and asks the policy (CREATE_PATIENT_ROOM).
            String roomId = rooms.create(user, new CreateRoom("patient", null, s.patient(), s.consent()));
            Handoff.Changes r = new Handoff.Changes();
            r.roomId = roomId;
            next = next.next(Handoff.RECEIVED, h.version(), new Handoff.Step(now, user.id(), user.organizationId(),
                    "room_opened", h.version()), r);
            next = new Handoff(next.id(), next.kind(), next.templateId(), next.templateVersion(), next.senderOrgId(),
                    next.receiverOrgId(), next.roomId(), next.keyScope(), next.consentRecorded(), next.state(),
                    next.version(), h.rev() + 1, next.createdAt(), next.admittedAt(), next.dueI(), next.dueII(),
                    next.sentAt(), next.receivedAt(), next.receivedBy(), next.answeredAt(), next.plannedDischarge(),
                    next.flags(), next.remindedAt(), next.conferenceItemId(), next.steps());
        }
        store(user, "handoff.receive", next);
        unacknowledged.remove(next.id());
        tell(next, "received", next.senderOrgId(), user.id());
        return next;
    }

    /** The receiver's answer (回答) or return (差し戻し, with the reason). */
    public synchronized Handoff answer(UserAccount user, String id, AnswerInput in) {
        Handoff h = existing(user, id, "handoff.answer");
        requireFor(user, Action.RECEIVE_HANDOFF, "handoff.answer", h);
        List<Violation> v = new ArrayList<>();
        String outcome = in == null ? null : in.outcome();
        if (outcome == null || !Set.of(Handoff.ANSWERED, Handoff.RETURNED).contains(outcome)) {
            v.add(new Violation("outcome", outcome == null ? "required" : "unknown_value"));
        }
        String message = in == null || in.message() == null ? null : in.message().strip();
        if (message != null && message.codePointCount(0, message.length()) > MAX_MESSAGE) {
            v.add(new Violation("message", "too_long"));
        } else if ((message == null || message.isEmpty()) && Handoff.RETURNED.equals(outcome)) {
            v.add(new Violation("message", "required"));
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        if (!h.state().equals(Handoff.RECEIVED)) {
            throw state();
        }
        Instant now = now();
        Handoff.Changes c = new Handoff.Changes();
        c.answeredAt = now;
        Handoff next = h.next(outcome, h.version(), new Handoff.Step(now, user.id(), user.organizationId(), outcome,
                h.version()), c);
        if (message != null && !message.isEmpty()) {
            repository.insertVersion(h.id() + ":answer", cipher.sealText(h.keyScope(), h.id() + ":answer", message));
        }
        store(user, "handoff.answer", next);
        tell(next, outcome, next.senderOrgId(), user.id());
        return next;
    }

    /**
     * Puts the discharge conference (退院前カンファレンス) on the room's visit calendar through the calendar
     * module (its own checks: a member of the live room with consent), attendees in the staff-only note.
     */
    public synchronized Handoff conference(UserAccount user, String id, ConferenceInput in) {
        Handoff h = existing(user, id, "handoff.conference");
        requireFor(user, Action.VIEW_HANDOFF, "handoff.conference", h);
        if (h.admission() || h.roomId() == null) {
            throw state();
        }
        List<Violation> v = new ArrayList<>();
        String place = in == null || in.place() == null ? null : in.place().strip();
        if (place != null && place.codePointCount(0, place.length()) > 60) {
            v.add(new Violation("place", "too_long"));
        }
        List<String> attendees = in == null || in.attendees() == null ? List.of() : in.attendees();
        if (attendees.size() > MAX_ATTENDEES) {
            v.add(new Violation("attendees", "too_many"));
        }
        for (int i = 0; i < attendees.size(); i++) {
            String a = attendees.get(i);
            if (a == null || a.isBlank() || a.length() > 60 || a.indexOf('\n') >= 0) {
                v.add(new Violation("attendees[" + i + "]", "bad_value"));
            }
        }
        if (in == null || in.txnId() == null) {
            v.add(new Violation("txnId", "required"));
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        String note = (place == null || place.isEmpty() ? "" : "場所: " + place + "\n")
                + (attendees.isEmpty() ? "" : "参加者: " + String.join("、", attendees.stream().map(String::strip).toList()));
        String hospital = accounts.findOrganization(h.admission() ? h.receiverOrgId() : h.senderOrgId())
                .map(Organization::name).orElse(null);
        CalendarStored stored = calendar.add(user, h.roomId(), new AddItem(in.txnId(), new CalendarItem(
                "pre_discharge_conference", null, hospital, in.start(), in.end(), null, note.isEmpty() ? null : note,
                null, false)));
        if (stored.duplicate() && stored.itemId() != null && stored.itemId().equals(h.conferenceItemId())) {
            return h;
        }
        Instant now = now();
        Handoff.Changes c = new Handoff.Changes();
        c.conferenceItemId = stored.itemId();
        return store(user, "handoff.conference", h.next(h.state(), h.version(),
                new Handoff.Step(now, user.id(), user.organizationId(), "conference", h.version()), c));
    }

    // ------------------------------------------------------------------ reading

    /** A sheet as its reader may see it, with the contents of {@code version} (latest when null). */
    Map<String, Object> read(UserAccount user, String id, Integer version) {
        Handoff h = existing(user, id, "handoff.read");
        requireFor(user, Action.VIEW_HANDOFF, "handoff.read", h);
        int v = version == null ? h.version() : version;
        if (v < 1 || v > h.version()) {
            throw DomainException.invalid("version", "out_of_range");
        }
        Sealed s = open(h, v);
        String answer = repository.version(h.id() + ":answer")
                .map(b -> cipher.openText(h.keyScope(), h.id() + ":answer", b)).orElse(null);
        audit.recordBatched(new AuditEntry(user.id(), "handoff.read", "handoff", h.id(), h.roomId(), true,
                "v" + v, null));
        return HandoffViews.detail(h, v, s, answer, this, templates);
    }

    /** The sheet for exports (FHIR, print): the same checks and audit as a read. */
    Sealed readForExport(UserAccount user, String id, String action, Handoff[] out) {
        Handoff h = existing(user, id, action);
        requireFor(user, Action.VIEW_HANDOFF, action, h);
        audit.record(new AuditEntry(user.id(), action, "handoff", h.id(), h.roomId(), true, "exported", null));
        out[0] = h;
        return open(h, h.version());
    }

    /**
     * The office's list: {@code box} {@code incoming}, {@code outgoing} or {@code all}; optionally one
     * state and sheets due (admission: tier II ends; discharge: planned date) on or before {@code dueBy}.
     */
    List<Map<String, Object>> inbox(UserAccount user, String box, String state, LocalDate dueBy) {
        if (!Set.of("incoming", "outgoing", "all").contains(box)) {
            throw DomainException.invalid("box", "unknown_value");
        }
        if (state != null && !Set.of(Handoff.DRAFT, Handoff.SENT, Handoff.RECEIVED, Handoff.ANSWERED,
                Handoff.RETURNED).contains(state)) {
            throw DomainException.invalid("state", "unknown_value");
        }
        String org = user.organizationId();
        List<Map<String, Object>> out = new ArrayList<>();
        if (org != null && user.profession().isCareStaff()) {
            Instant now = now();
            for (Handoff h : repository.findAll(repository.box(org))) {
                boolean outgoing = org.equals(h.senderOrgId());
                if ((box.equals("incoming") && outgoing) || (box.equals("outgoing") && !outgoing)
                        || (!outgoing && h.state().equals(Handoff.DRAFT))
                        || (state != null && !state.equals(h.state())) || !mayView(user, h)) {
                    continue;
                }
                if (dueBy != null && !dueOnOrBefore(h, dueBy)) {
                    continue;
                }
                PatientProfile p;
                try {
                    p = open(h, h.version()).patient();
                } catch (DomainException e) {
                    p = null; // crypto-shredded: listed without the patient
                }
                out.add(HandoffViews.summary(h, p, outgoing, now, remindAfter, this));
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("updatedAt")).reversed());
        audit.recordBatched(new AuditEntry(user.id(), "handoff.inbox", "handoff", null, null, true,
                "listed:" + out.size(), null));
        return out;
    }

    private boolean dueOnOrBefore(Handoff h, LocalDate dueBy) {
        if (h.admission()) {
            return h.dueII() != null && !LocalDateTime.ofInstant(h.dueII().minusMillis(1), zone).toLocalDate().isAfter(dueBy);
        }
        return h.plannedDischarge() != null && !h.plannedDischarge().isAfter(dueBy);
    }

    /** May {@code user} see the sheet now (for live delivery and notifications)? Never records a denial. */
    boolean mayView(UserAccount user, Handoff h) {
        if (h.state().equals(Handoff.DRAFT) && !h.senderOrgId().equals(user.organizationId())) {
            return false;
        }
        return decide(user, Action.VIEW_HANDOFF, h).allowed();
    }

    /** May {@code user} see sheet {@code handoffId} now? (The notify module asks before and after a push.) */
    public boolean mayView(UserAccount user, String handoffId) {
        return handoffId != null && handoffId.matches("h-[0-9a-f]{20}")
                && repository.find(handoffId).map(h -> mayView(user, h)).orElse(false);
    }

    /** What this user may do here, for the screens. */
    Map<String, Object> capabilities(UserAccount user) {
        Organization org = user.organizationId() == null ? null : accounts.findOrganization(user.organizationId()).orElse(null);
        boolean staff = user.profession().isCareStaff() && org != null;
        return Map.of("organizationId", org == null ? "" : org.id(), "organizationName", org == null ? "" : org.name(),
                "organizationKind", org == null ? "" : org.kind().wire(), "canUse", staff,
                "canManageTemplates", policy.decide(user.subject(), Action.MANAGE_HANDOFF_TEMPLATES, null).allowed(),
                "zone", zone.getId());
    }

    // ------------------------------------------------------------------ reminders

    /**
     * Reminds the receiving office of each sheet sent and not acknowledged: first {@code remind-after}
     * (60 min) after sending, then every {@code remind-every} (24 h). Driven by the application's clock
     * ({@link HandoffReminders} calls it every minute; tests call it after moving the clock).
     *
     * @return how many reminders went out
     */
    public synchronized int tick() {
        Instant now = now();
        int sent = 0;
        for (String id : List.copyOf(unacknowledged.keySet())) {
            Handoff h = repository.find(id).orElse(null);
            if (h == null || !h.state().equals(Handoff.SENT)) {
                unacknowledged.remove(id);
                continue;
            }
            Instant last = h.remindedAt();
            boolean due = last == null ? !now.isBefore(h.sentAt().plus(remindAfter)) : !now.isBefore(last.plus(remindEvery));
            if (!due) {
                continue;
            }
            Handoff.Changes c = new Handoff.Changes();
            c.remindedAt = now;
            Handoff next = h.next(h.state(), h.version(), new Handoff.Step(now, "system", null, "reminded", h.version()), c);
            if (!repository.replace(next)) {
                continue;
            }
            audit.record(new AuditEntry("system", "handoff.remind", "handoff", h.id(), h.roomId(), true,
                    "unacknowledged", null));
            fire(next);
            tell(next, "reminder", next.receiverOrgId(), null);
            sent++;
        }
        return sent;
    }

    boolean needsReminder(Handoff h, Instant now) {
        return h.state().equals(Handoff.SENT) && h.sentAt() != null && !now.isBefore(h.sentAt().plus(remindAfter));
    }

    // ------------------------------------------------------------------ templates and offices

    HandoffTemplate addTemplate(UserAccount user, JsonNode definition) {
        Decision d = policy.decide(user.subject(), Action.MANAGE_HANDOFF_TEMPLATES, null);
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), "handoff.template.add", "handoff-template", null, null, false,
                    d.reason().code(), null));
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
        String region = accounts.findOrganization(user.organizationId()).map(Organization::area).orElse(null);
        HandoffTemplate t = templates.add(definition, region);
        audit.record(new AuditEntry(user.id(), "handoff.template.add", "handoff-template", t.key(), null, true,
                "added", null));
        return t;
    }

    /**
     * Declares the areas a 地域包括支援センター covers (a region's setup; the demo region uses it). Not an
     * HTTP path: a regional directory will own this.
     */
    public void declareCoveredAreas(String supportCentreOrgId, List<String> areas) {
        offices.setCoveredAreas(supportCentreOrgId, areas);
    }

    OfficeHours hours(String orgId) {
        return offices.hours(orgId);
    }

    void setHours(UserAccount user, String orgId, OfficeHours hours) {
        Decision d = policy.decideStaff(user.subject(), Action.MANAGE_STAFF, orgId);
        audit.record(new AuditEntry(user.id(), "handoff.hours", "organization", orgId, null, d.allowed(),
                d.reason().code(), null));
        if (!d.allowed()) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
        offices.setHours(orgId, hours);
    }

    String organizationName(String orgId) {
        return orgId == null ? null : accounts.findOrganization(orgId).map(Organization::name).orElse(null);
    }

    String userName(String userId) {
        return userId == null || userId.equals("system") ? null
                : accounts.findUser(userId).map(UserAccount::name).orElse(null);
    }

    // ------------------------------------------------------------------ internals

    /** The decrypted contents of one version. */
    record Sealed(PatientProfile patient, ConsentRecord consent, Map<String, Object> content) {
    }

    private void seal(Handoff h, int version, PatientProfile patient, ConsentRecord consent, Map<String, Object> content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patient", patient);
        body.put("consent", consent);
        body.put("content", content);
        String record = h.id() + ":" + version;
        repository.insertVersion(record, cipher.seal(h.keyScope(), record, json.writeValueAsBytes(body)));
    }

    Sealed open(Handoff h, int version) {
        String record = h.id() + ":" + version;
        byte[] sealed = repository.version(record).orElseThrow(() -> new DomainException(ErrorCode.CONTENT_UNREADABLE));
        JsonNode body = json.readTree(new String(cipher.open(h.keyScope(), record, sealed), StandardCharsets.UTF_8));
        PatientProfile p = body.path("patient").isObject() ? json.treeToValue(body.get("patient"), PatientProfile.class) : null;
        ConsentRecord c = body.path("consent").isObject() ? json.treeToValue(body.get("consent"), ConsentRecord.class) : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> content = json.treeToValue(body.path("content"), LinkedHashMap.class);
        return new Sealed(p, c, content == null ? Map.of() : content);
    }

    private HandoffTemplate template(String kind, String id, Integer version) {
        String tid = id != null ? id : kind.equals("admission") ? HandoffTemplates.ADMISSION : HandoffTemplates.DISCHARGE;
        HandoffTemplate t = version == null ? templates.latest(tid).orElse(null) : templates.find(tid, version);
        if (t == null) {
            throw DomainException.invalid("templateId", "unknown_value");
        }
        if (!t.kind().equals(kind)) {
            throw HandoffTemplates.wrongKind();
        }
        return t;
    }

    private static LocalDate plannedDischarge(Map<String, Object> content) {
        Object v = content.get("plannedDischargeOn");
        return v instanceof String s ? LocalDate.parse(s) : null;
    }

    private Instant localDateTime(String field, String value, boolean required, List<Violation> v) {
        if (value == null) {
            if (required) {
                v.add(new Violation(field, "required"));
            }
            return null;
        }
        try {
            if (value.length() != 16) {
                throw new DateTimeException(value);
            }
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            v.add(new Violation(field, "bad_format"));
            return null;
        }
    }

    private static void validatePatient(PatientProfile p, List<Violation> v) {
        if (p == null) {
            v.add(new Violation("patient", "required"));
            return;
        }
        check(p.name(), "patient.name", 60, true, v);
        check(p.nameKana(), "patient.nameKana", 60, false, v);
        check(p.careLevel(), "patient.careLevel", 20, false, v);
        check(p.area(), "patient.area", 60, true, v);
        if (p.sex() != null && !Set.of("female", "male", "other").contains(p.sex())) {
            v.add(new Violation("patient.sex", "unknown_value"));
        }
        if (p.birthDate() != null) {
            try {
                LocalDate.parse(p.birthDate());
            } catch (DateTimeException e) {
                v.add(new Violation("patient.birthDate", "bad_format"));
            }
        }
    }

    private static void check(String s, String field, int max, boolean required, List<Violation> v) {
        if (s == null || s.isBlank()) {
            if (required) {
                v.add(new Violation(field, "required"));
            }
        } else if (s.codePointCount(0, s.length()) > max) {
            v.add(new Violation(field, "too_long"));
        }
    }

    private Handoff existing(UserAccount user, String id, String action) {
        Handoff h = id != null && id.matches("h-[0-9a-f]{20}") ? repository.find(id).orElse(null) : null;
        if (h == null) {
            audit.record(new AuditEntry(user.id(), action, "handoff", id != null && id.matches("[A-Za-z0-9-]{1,40}") ? id : null,
                    null, false, "not_found", null));
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        return h;
    }

    private Decision decide(UserAccount user, Action action, Handoff h) {
        Room room = h.roomId() == null ? null : roomCache.get(h.roomId()).orElse(null);
        RoomFacts facts = room == null ? null : room.factsFor(user.id(), now());
        return policy.decideHandoff(user.subject(), action, facts, h.roomId() == null && h.consentRecorded(),
                h.senderOrgId(), h.receiverOrgId());
    }

    private void requireFor(UserAccount user, Action action, String auditAction, Handoff h) {
        // A draft is the sender's alone: to anyone else it does not exist.
        if (h.state().equals(Handoff.DRAFT) && !h.senderOrgId().equals(user.organizationId())) {
            audit.record(new AuditEntry(user.id(), auditAction, "handoff", h.id(), null, false, "not_found", null));
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        Decision d = decide(user, action, h);
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), auditAction, "handoff", h.id(), null, false, d.reason().code(), null));
            throw denial(d.reason());
        }
    }

    private void require(UserAccount user, Action action, String auditAction, String id, Room room,
                         boolean recordedConsent, String sender, String receiver) {
        RoomFacts facts = room == null ? null : room.factsFor(user.id(), now());
        Decision d = policy.decideHandoff(user.subject(), action, facts, recordedConsent, sender, receiver);
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), auditAction, "handoff", id, room == null ? null : room.id(), false,
                    d.reason().code(), null));
            throw denial(d.reason());
        }
    }

    private DomainException deny(UserAccount user, String auditAction, Reason reason) {
        audit.record(new AuditEntry(user.id(), auditAction, "handoff", null, null, false, reason.code(), null));
        return denial(reason);
    }

    private static DomainException denial(Reason reason) {
        return switch (reason) {
            case NOT_A_MEMBER -> new DomainException(ErrorCode.ROOM_NOT_FOUND);
            case NOT_HANDOFF_PARTY -> new DomainException(ErrorCode.NOT_FOUND);
            case CONSENT_REQUIRED -> new DomainException(ErrorCode.CONSENT_REQUIRED, null, reason.code(), null);
            case ROOM_ARCHIVED -> new DomainException(ErrorCode.ROOM_ARCHIVED, null, reason.code(), null);
            default -> new DomainException(ErrorCode.FORBIDDEN, null, reason.code(), null);
        };
    }

    private static DomainException state() {
        return new DomainException(ErrorCode.HANDOFF_STATE);
    }

    private Handoff store(UserAccount user, String action, Handoff next) {
        if (!repository.replace(next)) {
            throw new DomainException(ErrorCode.STALE_VERSION);
        }
        audited(user, action, next, true, next.state());
        fire(next);
        return next;
    }

    private void audited(UserAccount user, String action, Handoff h, boolean allowed, String reason) {
        audit.record(new AuditEntry(user.id(), action, "handoff", h.id(), h.roomId(), allowed, reason, null));
    }

    private void fire(Handoff h) {
        changeListeners.forEach(l -> l.accept(h));
    }

    private void tell(Handoff h, String step, String toOrg, String byUserId) {
        HandoffListener.HandoffStep s = new HandoffListener.HandoffStep(h.id(), step, toOrg, byUserId);
        listeners.orderedStream().forEach(l -> l.onHandoffStep(s));
    }
}
