package jp.renkei.server.handoff;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Repository;

/**
 * Sheets, their sealed versions and each office's list, every read a key lookup:
 * {@code handoffs} ({@code _id} = sheet id), {@code handoff_versions} ({@code _id} = {@code id:version},
 * or {@code id:answer}; written once, never replaced) and {@code handoff_boxes} ({@code _id} =
 * organisation id: the ids of the sheets it sent or received, so an inbox is one lookup and one
 * {@code $in}). Versions and box entries are written before the sheet document that refers to them, so a
 * crash between leaves only an unreferenced version, never a sheet pointing at nothing.
 */
@Repository
class HandoffRepository {

    static final String HANDOFFS = "handoffs";
    static final String VERSIONS = "handoff_versions";
    static final String BOXES = "handoff_boxes";

    private final MongoCollection<Document> handoffs;
    private final MongoCollection<Document> versions;
    private final MongoCollection<Document> boxes;

    HandoffRepository(MongoDatabase db) {
        this.handoffs = db.getCollection(HANDOFFS).withWriteConcern(WriteConcerns.LOG);
        this.versions = db.getCollection(VERSIONS).withWriteConcern(WriteConcerns.LOG);
        this.boxes = db.getCollection(BOXES).withWriteConcern(WriteConcerns.LOG);
    }

    void insertVersion(String key, byte[] sealed) {
        versions.insertOne(new Document("_id", key).append("sealed", new Binary(sealed)));
    }

    Optional<byte[]> version(String key) {
        Document d = versions.find(Filters.eq("_id", key)).first();
        return d == null ? Optional.empty() : Optional.of(d.get("sealed", Binary.class).getData());
    }

    void addToBox(String orgId, String handoffId) {
        boxes.updateOne(Filters.eq("_id", orgId), Updates.addToSet("ids", handoffId), new UpdateOptions().upsert(true));
    }

    List<String> box(String orgId) {
        Document d = boxes.find(Filters.eq("_id", orgId)).first();
        return d == null ? List.of() : List.copyOf(d.getList("ids", String.class));
    }

    void insert(Handoff h) {
        handoffs.insertOne(toDoc(h));
    }

    /** Replaces the sheet if its stored {@code rev} is still {@code h.rev() - 1}; false if someone else won. */
    boolean replace(Handoff h) {
        return handoffs.replaceOne(Filters.and(Filters.eq("_id", h.id()), Filters.eq("rev", h.rev() - 1)), toDoc(h))
                .getModifiedCount() == 1;
    }

    Optional<Handoff> find(String id) {
        return Optional.ofNullable(handoffs.find(Filters.eq("_id", id)).first()).map(HandoffRepository::handoff);
    }

    List<Handoff> findAll(Collection<String> ids) {
        List<Handoff> out = new ArrayList<>();
        if (!ids.isEmpty()) {
            handoffs.find(Filters.in("_id", ids)).forEach(d -> out.add(handoff(d)));
        }
        return out;
    }

    /** Sheets sent and not yet received (a scan, at start-up only: the reminder keeps its own set after). */
    List<Handoff> unacknowledged() {
        List<Handoff> out = new ArrayList<>();
        handoffs.find(Filters.eq("state", Handoff.SENT)).forEach(d -> out.add(handoff(d)));
        return out;
    }

    private static Document toDoc(Handoff h) {
        List<Document> steps = h.steps().stream().map(s -> new Document("at", s.at().toString()).append("by", s.by())
                .append("org", s.orgId()).append("action", s.action()).append("version", s.version())).toList();
        return new Document("_id", h.id()).append("kind", h.kind()).append("templateId", h.templateId())
                .append("templateVersion", h.templateVersion()).append("senderOrgId", h.senderOrgId())
                .append("receiverOrgId", h.receiverOrgId()).append("roomId", h.roomId())
                .append("keyScope", h.keyScope()).append("consentRecorded", h.consentRecorded())
                .append("state", h.state()).append("version", h.version()).append("rev", h.rev())
                .append("createdAt", str(h.createdAt())).append("admittedAt", str(h.admittedAt()))
                .append("dueI", str(h.dueI())).append("dueII", str(h.dueII())).append("sentAt", str(h.sentAt()))
                .append("receivedAt", str(h.receivedAt())).append("receivedBy", h.receivedBy())
                .append("answeredAt", str(h.answeredAt()))
                .append("plannedDischarge", h.plannedDischarge() == null ? null : h.plannedDischarge().toString())
                .append("flags", h.flags()).append("remindedAt", str(h.remindedAt()))
                .append("conferenceItemId", h.conferenceItemId()).append("steps", steps);
    }

    private static Handoff handoff(Document d) {
        List<Handoff.Step> steps = d.getList("steps", Document.class).stream().map(s -> new Handoff.Step(
                Instant.parse(s.getString("at")), s.getString("by"), s.getString("org"), s.getString("action"),
                s.getInteger("version", 0))).toList();
        String planned = d.getString("plannedDischarge");
        return new Handoff(d.getString("_id"), d.getString("kind"), d.getString("templateId"),
                d.getInteger("templateVersion"), d.getString("senderOrgId"), d.getString("receiverOrgId"),
                d.getString("roomId"), d.getString("keyScope"), d.getBoolean("consentRecorded", false),
                d.getString("state"), d.getInteger("version"), ((Number) d.get("rev")).longValue(),
                instant(d, "createdAt"), instant(d, "admittedAt"), instant(d, "dueI"), instant(d, "dueII"),
                instant(d, "sentAt"), instant(d, "receivedAt"), d.getString("receivedBy"), instant(d, "answeredAt"),
                planned == null ? null : LocalDate.parse(planned), List.copyOf(d.getList("flags", String.class)),
                instant(d, "remindedAt"), d.getString("conferenceItemId"), steps);
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(Document d, String field) {
        String s = d.getString(field);
        return s == null ? null : Instant.parse(s);
    }
}
