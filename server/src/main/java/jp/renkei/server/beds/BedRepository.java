package jp.renkei.server.beds;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Notices, inquiries and counters, each keyed by {@code _id}. Every write is one single-document
 * operation; a change is guarded on the stored {@code version} so that two writers cannot both win.
 */
@Repository
class BedRepository {

    private final MongoCollection<Document> notices;
    private final MongoCollection<Document> inquiries;
    private final MongoCollection<Document> counters;

    BedRepository(MongoDatabase db) {
        this.notices = db.getCollection(Collections.BED_NOTICES).withWriteConcern(WriteConcerns.LOG);
        this.inquiries = db.getCollection(Collections.BED_INQUIRIES).withWriteConcern(WriteConcerns.LOG);
        // Statistics, not facts: not journaled on their own (stored with the next durable write or the
        // background commit), so counting does not add a device sync to every publish. A crash may lose the
        // last second of increments; the notices and the audit trail stay durable.
        this.counters = db.getCollection(Collections.BED_COUNTERS).withWriteConcern(WriteConcerns.DERIVED);
    }

    void insert(BedNotice n) {
        notices.insertOne(toDoc(n));
    }

    /** Replaces the notice if its stored version is {@code expectedVersion}; false if someone else won. */
    boolean replace(BedNotice n, long expectedVersion) {
        return notices.replaceOne(Filters.and(Filters.eq("_id", n.id()), Filters.eq("version", expectedVersion)),
                toDoc(n)).getModifiedCount() == 1;
    }

    Optional<BedNotice> notice(String id) {
        return Optional.ofNullable(notices.find(Filters.eq("_id", id)).first()).map(BedRepository::notice);
    }

    List<BedNotice> allNotices() {
        List<BedNotice> all = new ArrayList<>();
        notices.find().forEach(d -> all.add(notice(d)));
        return all;
    }

    void deleteNotice(String id) {
        notices.deleteOne(Filters.eq("_id", id));
    }

    void insert(BedInquiry q) {
        inquiries.insertOne(toDoc(q));
    }

    boolean replace(BedInquiry q, long expectedVersion) {
        return inquiries.replaceOne(Filters.and(Filters.eq("_id", q.id()), Filters.eq("version", expectedVersion)),
                toDoc(q)).getModifiedCount() == 1;
    }

    List<BedInquiry> allInquiries() {
        List<BedInquiry> all = new ArrayList<>();
        inquiries.find().forEach(d -> all.add(inquiry(d)));
        return all;
    }

    void count(String clinicId, String field) {
        counters.updateOne(Filters.eq("_id", clinicId), Updates.inc(field, 1L), new UpdateOptions().upsert(true));
    }

    List<Document> allCounters() {
        List<Document> all = new ArrayList<>();
        counters.find().forEach(all::add);
        return all;
    }

    // ------------------------------------------------------------------ mapping

    private static Document toDoc(BedNotice n) {
        return new Document("_id", n.id()).append("clinicId", n.clinicId()).append("clinicName", n.clinicName())
                .append("area", n.area()).append("bedType", n.bedType()).append("available", n.available())
                .append("availableFrom", n.availableFrom().toString())
                .append("availableUntil", n.availableUntil() == null ? null : n.availableUntil().toString())
                .append("accepts", n.accepts()).append("sex", n.sex()).append("contact", n.contact())
                .append("remarks", n.remarks()).append("expiresAt", n.expiresAt().toString())
                .append("publishedAt", n.publishedAt().toString()).append("updatedAt", n.updatedAt().toString())
                .append("version", n.version()).append("withdrawn", n.withdrawn());
    }

    private static BedNotice notice(Document d) {
        String until = d.getString("availableUntil");
        return new BedNotice(d.getString("_id"), d.getString("clinicId"), d.getString("clinicName"),
                d.getString("area"), d.getString("bedType"), d.getInteger("available"),
                LocalDate.parse(d.getString("availableFrom")), until == null ? null : LocalDate.parse(until),
                List.copyOf(d.getList("accepts", String.class)), d.getString("sex"), d.getString("contact"),
                d.getString("remarks"), Instant.parse(d.getString("expiresAt")),
                Instant.parse(d.getString("publishedAt")), Instant.parse(d.getString("updatedAt")),
                ((Number) d.get("version")).longValue(), d.getBoolean("withdrawn", false));
    }

    private static Document toDoc(BedInquiry q) {
        List<Document> steps = q.steps().stream().map(s -> new Document("at", s.at().toString())
                .append("by", s.by()).append("action", s.action()).append("message", s.message())).toList();
        return new Document("_id", q.id()).append("noticeId", q.noticeId()).append("clinicId", q.clinicId())
                .append("officeId", q.officeId()).append("officeName", q.officeName()).append("ageBand", q.ageBand())
                .append("sex", q.sex()).append("needs", q.needs()).append("wantedDate", q.wantedDate().toString())
                .append("note", q.note()).append("state", q.state())
                .append("holdUntil", q.holdUntil() == null ? null : q.holdUntil().toString())
                .append("createdAt", q.createdAt().toString())
                .append("answeredAt", q.answeredAt() == null ? null : q.answeredAt().toString())
                .append("answeredBy", q.answeredBy()).append("roomId", q.roomId())
                .append("version", q.version()).append("steps", steps);
    }

    private static BedInquiry inquiry(Document d) {
        List<BedInquiry.Step> steps = d.getList("steps", Document.class).stream()
                .map(s -> new BedInquiry.Step(Instant.parse(s.getString("at")), s.getString("by"),
                        s.getString("action"), s.getString("message"))).toList();
        return new BedInquiry(d.getString("_id"), d.getString("noticeId"), d.getString("clinicId"),
                d.getString("officeId"), d.getString("officeName"), d.getString("ageBand"), d.getString("sex"),
                List.copyOf(d.getList("needs", String.class)), LocalDate.parse(d.getString("wantedDate")),
                d.getString("note"), d.getString("state"), instant(d.getString("holdUntil")),
                Instant.parse(d.getString("createdAt")), instant(d.getString("answeredAt")),
                d.getString("answeredBy"), d.getString("roomId"), ((Number) d.get("version")).longValue(), steps);
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
