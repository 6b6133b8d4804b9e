package jp.renkei.server.directory;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Each professional's contact windows (ケアマネタイム): when and how they prefer to be contacted, in Japan
 * time. Collection {@code contact_windows}, {@code _id} = user id, held in memory (one small document per
 * professional who published any) so that the notify thread's question ({@link #deferUntil}) is a map
 * lookup. Only the person sets their own (policy {@code SET_CONTACT_WINDOW}); every change is audited.
 */
@Service
public class ContactWindowService implements ContactWindows {

    static final String COLLECTION = "contact_windows";
    static final int MAX_SLOTS = 14;
    static final int MAX_NOTE = 200;

    /** A person's published windows. */
    public record Published(String userId, List<ContactSlot> slots, String note, Instant updatedAt) {
    }

    /** One window as written on the wire: day {@code mon}…{@code sun}, times {@code HH:mm}. */
    record SlotInput(String day, String start, String end, String channel) {
    }

    /** The body of {@code PUT …/contact-windows/me}. */
    record WindowsInput(List<SlotInput> slots, String note) {
    }

    private final MongoCollection<Document> collection;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final DirectorySettings settings;
    private final Clock clock;
    private final Map<String, Published> byUser = new ConcurrentHashMap<>();

    ContactWindowService(MongoDatabase db, AccessPolicy policy, AuditTrail audit, DirectorySettings settings,
                         ObjectProvider<Clock> clock) {
        this.collection = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        this.policy = policy;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        for (Document d : collection.find()) {
            Published p = fromDocument(d);
            byUser.put(p.userId(), p);
        }
    }

    @Override
    public Optional<Instant> deferUntil(String userId, Instant now) {
        Published p = byUser.get(userId);
        if (p == null || p.slots().isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime at = now.atZone(settings.zone());
        if (ContactSlot.anyContains(p.slots(), at)) {
            return Optional.empty();
        }
        return ContactSlot.earliestNextStart(p.slots(), at).map(ZonedDateTime::toInstant);
    }

    /** Everyone who published windows (a few hundred at most). */
    public java.util.Set<String> publishers() {
        return java.util.Set.copyOf(byUser.keySet());
    }

    /** The windows {@code userId} published, if any. */
    public Optional<Published> of(String userId) {
        return Optional.ofNullable(byUser.get(userId));
    }

    /**
     * Replaces {@code user}'s own windows (an empty list withdraws them). Refused for anyone but the
     * person themself; nothing is stored on a violation.
     */
    public Published set(UserAccount user, WindowsInput in) {
        Decision d = policy.decide(user.subject(), Action.SET_CONTACT_WINDOW, null, user.id(), (jp.renkei.policy.Target) null);
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), "contact_window.set", "contact-window", user.id(), null, false,
                    d.reason().code(), null));
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        List<Violation> v = new ArrayList<>();
        List<ContactSlot> slots = parse(in.slots(), v);
        String note = DirectoryRules.clean(in.note());
        if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE) {
            v.add(new Violation("note", "too_long"));
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        Published p = new Published(user.id(), slots, note, clock.instant());
        collection.replaceOne(eq("_id", user.id()), toDocument(p), new ReplaceOptions().upsert(true));
        byUser.put(user.id(), p);
        audit.record(new AuditEntry(user.id(), "contact_window.set", "contact-window", user.id(), null, true,
                d.reason().code(), null));
        return p;
    }

    /** Writes windows without a request (demo data); the same validation. */
    public void setForDemo(String userId, List<ContactSlot> slots, String note) {
        Published p = new Published(userId, List.copyOf(slots), note, clock.instant());
        collection.replaceOne(eq("_id", userId), toDocument(p), new ReplaceOptions().upsert(true));
        byUser.put(userId, p);
    }

    /**
     * A person's windows as the API shows them, with whether one is open now and when the next opens
     * (Japan time).
     */
    Map<String, Object> view(String userId) {
        Published p = byUser.get(userId);
        Instant now = clock.instant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.put("slots", p == null ? List.of() : p.slots().stream().map(ContactWindowService::slotView).toList());
        out.put("note", p == null ? null : p.note());
        Optional<Instant> later = deferUntil(userId, now);
        out.put("openNow", p != null && !p.slots().isEmpty() && later.isEmpty());
        out.put("nextStart", later.map(i -> i.atZone(settings.zone()).toOffsetDateTime().toString()).orElse(null));
        return out;
    }

    static Map<String, Object> slotView(ContactSlot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", s.dayWire());
        m.put("start", s.start().toString());
        m.put("end", s.end().toString());
        m.put("channel", s.channel());
        return m;
    }

    private static List<ContactSlot> parse(List<SlotInput> in, List<Violation> v) {
        List<ContactSlot> out = new ArrayList<>();
        if (in == null) {
            v.add(new Violation("slots", "required"));
            return out;
        }
        if (in.size() > MAX_SLOTS) {
            v.add(new Violation("slots", "too_many"));
            return out;
        }
        for (int i = 0; i < in.size(); i++) {
            SlotInput s = in.get(i);
            String f = "slots[" + i + "]";
            if (s == null) {
                v.add(new Violation(f, "required"));
                continue;
            }
            var day = ContactSlot.dayOf(s.day());
            LocalTime start = time(s.start(), f + ".start", v);
            LocalTime end = time(s.end(), f + ".end", v);
            if (day.isEmpty()) {
                v.add(new Violation(f + ".day", "unknown"));
            }
            if (s.channel() == null || !ContactSlot.CHANNELS.contains(s.channel())) {
                v.add(new Violation(f + ".channel", "unknown"));
            }
            if (start != null && start.equals(end)) {
                v.add(new Violation(f + ".end", "same_as_start"));
            }
            if (day.isPresent() && start != null && end != null && !start.equals(end) && s.channel() != null
                    && ContactSlot.CHANNELS.contains(s.channel())) {
                out.add(new ContactSlot(day.get(), start, end, s.channel()));
            }
        }
        return out;
    }

    private static LocalTime time(String s, String field, List<Violation> v) {
        if (s == null || !s.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            v.add(new Violation(field, "bad_format"));
            return null;
        }
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            v.add(new Violation(field, "bad_format"));
            return null;
        }
    }

    private static Document toDocument(Published p) {
        return new Document("_id", p.userId())
                .append("slots", p.slots().stream().map(s -> new Document(slotView(s))).toList())
                .append("note", p.note())
                .append("updatedAt", java.util.Date.from(p.updatedAt()));
    }

    private static Published fromDocument(Document d) {
        List<ContactSlot> slots = d.getList("slots", Document.class, List.of()).stream()
                .map(s -> new ContactSlot(ContactSlot.dayOf(s.getString("day")).orElseThrow(),
                        LocalTime.parse(s.getString("start")), LocalTime.parse(s.getString("end")), s.getString("channel")))
                .toList();
        return new Published(d.getString("_id"), slots, d.getString("note"),
                d.getDate("updatedAt") == null ? Instant.EPOCH : d.getDate("updatedAt").toInstant());
    }
}
