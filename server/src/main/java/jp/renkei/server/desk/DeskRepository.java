package jp.renkei.server.desk;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Repository;

/**
 * Cases and their versions. A change is first an event ({@code desk_case_events}, {@code _id}
 * {@code caseId:version}: its unique id makes two writers of one version impossible), then the case's
 * current document ({@code desk_cases}) is replaced. Events are never changed; if the process stops
 * between the two writes, the next read of the case finds the newer event and catches up.
 *
 * <p>Contents are sealed with AES-256-GCM under the desk's own data key ({@code desk:<deskId>} in the
 * key store, so a desk can be crypto-shredded like a room), bound to the record and version: a
 * ciphertext copied to another case or version does not open (SP-CRY-01).
 */
@Repository
class DeskRepository {

    private final MongoCollection<Document> cases;
    private final MongoCollection<Document> events;
    private final ContentCipher cipher;

    DeskRepository(MongoDatabase db, ContentCipher cipher) {
        this.cases = db.getCollection(Collections.DESK_CASES).withWriteConcern(WriteConcerns.LOG);
        this.events = db.getCollection(Collections.DESK_CASE_EVENTS).withWriteConcern(WriteConcerns.LOG);
        this.cipher = cipher;
    }

    /** The key scope of a desk's contents. */
    static String keyScope(String deskId) {
        return "desk:" + deskId;
    }

    static String eventId(String caseId, long version) {
        return caseId + ":" + String.format("%06d", version);
    }

    /**
     * Stores a new version: the event, then the current document.
     *
     * @throws DomainException {@code STALE_VERSION} if this version was already written by someone else
     */
    void store(DeskCase c, String type) {
        Document snapshot = toDoc(c, true);
        String eventId = eventId(c.id(), c.version());
        try {
            events.insertOne(new Document("_id", eventId).append("caseId", c.id()).append("deskId", c.deskId())
                    .append("version", c.version()).append("type", type).append("at", c.updatedAt().toString())
                    .append("by", c.updatedBy())
                    .append("sealed", new Binary(cipher.seal(keyScope(c.deskId()), "ev:" + eventId,
                            snapshot.toJson().getBytes(StandardCharsets.UTF_8)))));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DomainException(ErrorCode.STALE_VERSION);
            }
            throw e;
        }
        writeCurrent(c);
    }

    private void writeCurrent(DeskCase c) {
        Document doc = toDoc(c, false).append("sealed", new Binary(cipher.seal(keyScope(c.deskId()),
                c.id() + ":" + c.version(), contentDoc(c.content()).toJson().getBytes(StandardCharsets.UTF_8))));
        cases.replaceOne(Filters.eq("_id", c.id()), doc, new ReplaceOptions().upsert(true));
    }

    /** The case with its contents opened, caught up with any event written after it; empty if none. */
    Optional<DeskCase> find(String caseId) {
        Document d = cases.find(Filters.eq("_id", caseId)).first();
        if (d == null) {
            return Optional.empty();
        }
        DeskCase c = fromDoc(d, open(d));
        Document newer;
        while ((newer = events.find(Filters.eq("_id", eventId(caseId, c.version() + 1))).first()) != null) {
            c = snapshot(newer);
            writeCurrent(c);
        }
        return Optional.of(c);
    }

    /** Every case's plain part (no contents, nothing opened), for the in-memory index at startup. */
    List<DeskCase> allPlain() {
        List<DeskCase> all = new ArrayList<>();
        for (Document d : cases.find()) {
            all.add(fromDoc(d, null));
        }
        return all;
    }

    /** One version of the history. */
    record Version(long version, String type, Instant at, String by, DeskCase state) {
    }

    /** Versions 1 … {@code upTo} of a case, oldest first (one {@code _id $in}). */
    List<Version> history(String caseId, long upTo) {
        List<String> ids = LongStream.rangeClosed(1, upTo).mapToObj(v -> eventId(caseId, v)).toList();
        List<Version> out = new ArrayList<>();
        for (Document e : events.find(Filters.in("_id", ids))) {
            out.add(new Version(((Number) e.get("version")).longValue(), e.getString("type"),
                    Instant.parse(e.getString("at")), e.getString("by"), snapshot(e)));
        }
        out.sort(java.util.Comparator.comparingLong(Version::version));
        return out;
    }

    /** Deletes a case and all its versions (retention purge, SP-RET-01). */
    void delete(String caseId, long version) {
        List<String> ids = LongStream.rangeClosed(1, version + 1).mapToObj(v -> eventId(caseId, v)).toList();
        events.deleteMany(Filters.in("_id", ids));
        cases.deleteOne(Filters.eq("_id", caseId));
    }

    // ------------------------------------------------------------------ mapping

    private DeskCase.Content open(Document d) {
        Binary sealed = d.get("sealed", Binary.class);
        String json = new String(cipher.open(keyScope(d.getString("deskId")),
                d.getString("_id") + ":" + ((Number) d.get("version")).longValue(), sealed.getData()),
                StandardCharsets.UTF_8);
        return content(Document.parse(json));
    }

    private DeskCase snapshot(Document event) {
        String json = new String(cipher.open(keyScope(event.getString("deskId")), "ev:" + event.getString("_id"),
                event.get("sealed", Binary.class).getData()), StandardCharsets.UTF_8);
        Document d = Document.parse(json);
        return fromDoc(d, content(d.get("content", Document.class)));
    }

    private static Document toDoc(DeskCase c, boolean withContent) {
        Document d = new Document("_id", c.id()).append("deskId", c.deskId()).append("version", c.version())
                .append("occurredAt", c.occurredAt().toString()).append("month", c.month().toString())
                .append("channel", c.channel()).append("consulterType", c.consulterType())
                .append("categories", c.categories()).append("status", c.status())
                .append("followUps", c.followUps().stream().map(f -> new Document("id", f.id())
                        .append("due", f.due().toString()).append("done", f.done())
                        .append("doneAt", f.doneAt() == null ? null : f.doneAt().toString())
                        .append("doneBy", f.doneBy())).toList())
                .append("providers", c.providers().stream().map(p -> new Document("organizationId", p.organizationId())
                        .append("name", p.name()).append("kind", p.kind()).append("at", p.at().toString())
                        .append("by", p.by())).toList())
                .append("handovers", c.handovers().stream().map(h -> new Document("kind", h.kind())
                        .append("roomId", h.roomId()).append("organizationId", h.organizationId())
                        .append("organizationName", h.organizationName()).append("consentBy", h.consentBy())
                        .append("consentMethod", h.consentMethod()).append("consentDate", h.consentDate().toString())
                        .append("at", h.at().toString()).append("by", h.by())).toList())
                .append("createdAt", c.createdAt().toString()).append("createdBy", c.createdBy())
                .append("updatedAt", c.updatedAt().toString()).append("updatedBy", c.updatedBy());
        if (withContent) {
            d.append("content", contentDoc(c.content()));
        }
        return d;
    }

    private static Document contentDoc(DeskCase.Content c) {
        DeskCase.Subject s = c.subject();
        return new Document("consulterOrganization", c.consulterOrganization())
                .append("consulterName", c.consulterName())
                .append("subject", new Document("name", s.name()).append("ageBand", s.ageBand())
                        .append("sex", s.sex()).append("area", s.area()))
                .append("text", c.text()).append("answer", c.answer()).append("referral", c.referral())
                .append("followUpTexts", c.followUpTexts());
    }

    private static DeskCase.Content content(Document d) {
        Document s = d.get("subject", Document.class);
        return new DeskCase.Content(d.getString("consulterOrganization"), d.getString("consulterName"),
                new DeskCase.Subject(s.getString("name"), s.getString("ageBand"), s.getString("sex"), s.getString("area")),
                d.getString("text"), d.getString("answer"), d.getString("referral"),
                d.getList("followUpTexts", String.class).stream().map(t -> t == null ? "" : t).toList());
    }

    private static DeskCase fromDoc(Document d, DeskCase.Content content) {
        List<DeskCase.FollowUp> followUps = d.getList("followUps", Document.class).stream()
                .map(f -> new DeskCase.FollowUp(f.getString("id"), LocalDate.parse(f.getString("due")),
                        f.getBoolean("done", false), instant(f.getString("doneAt")), f.getString("doneBy"))).toList();
        List<DeskCase.IntroducedProvider> providers = d.getList("providers", Document.class).stream()
                .map(p -> new DeskCase.IntroducedProvider(p.getString("organizationId"), p.getString("name"),
                        p.getString("kind"), Instant.parse(p.getString("at")), p.getString("by"))).toList();
        List<DeskCase.Handover> handovers = d.getList("handovers", Document.class).stream()
                .map(h -> new DeskCase.Handover(h.getString("kind"), h.getString("roomId"), h.getString("organizationId"),
                        h.getString("organizationName"), h.getString("consentBy"), h.getString("consentMethod"),
                        LocalDate.parse(h.getString("consentDate")), Instant.parse(h.getString("at")), h.getString("by")))
                .toList();
        return new DeskCase(d.getString("_id"), d.getString("deskId"), ((Number) d.get("version")).longValue(),
                Instant.parse(d.getString("occurredAt")), YearMonth.parse(d.getString("month")), d.getString("channel"),
                d.getString("consulterType"), d.getList("categories", String.class), d.getString("status"), followUps,
                providers, handovers, content, Instant.parse(d.getString("createdAt")), d.getString("createdBy"),
                Instant.parse(d.getString("updatedAt")), d.getString("updatedBy"));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
