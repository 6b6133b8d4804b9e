package jp.renkei.server.oncall;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/**
 * The state of each urgent note's escalation ({@value OncallCollections#ESCALATIONS}, keyed by the note
 * id) and the escalations with a step still due ({@value OncallCollections#PENDING}, small: only open
 * ones, scanned by each tick). Stored, so a restart resumes where it was. A step is taken by a
 * conditional single-document update on the current step ({@link #claim}), so of two ticks that race only
 * one records it.
 */
@Repository
class EscalationStore {

    /**
     * One escalation.
     *
     * @param step       0 before anyone was told; 1 notified, 2 re-notified, 3 whoever covers told, 4 the
     *                   facility administrator told
     * @param notified   everyone it was meant for so far (addressees and those escalated to)
     * @param ackBy      the first of them who acknowledged the note, or {@code null}
     * @param ackAnnounced whether the room was told that it was acknowledged
     */
    record Escalation(String noteId, String roomId, long seq, String senderId, String senderOrgId, Instant postedAt,
                      int minutes, List<String> mentions, int step, List<String> notified, Instant lastStepAt,
                      String ackBy, Instant ackAt, boolean ackAnnounced) {

        /** When the step after {@code step} is due. */
        Instant nextDue() {
            return postedAt.plusSeconds(60L * minutes * Math.max(0, step));
        }
    }

    private final MongoCollection<Document> escalations;
    private final MongoCollection<Document> pending;

    EscalationStore(MongoDatabase db) {
        this.escalations = db.getCollection(OncallCollections.ESCALATIONS).withWriteConcern(WriteConcerns.LOG);
        this.pending = db.getCollection(OncallCollections.PENDING).withWriteConcern(WriteConcerns.LOG);
    }

    /** Creates the escalation of a newly posted urgent note; a repeat (the log re-applied) changes nothing. */
    void create(String noteId, String roomId, long seq, String senderId, String senderOrgId, Instant postedAt,
                int minutes, List<String> mentions) {
        try {
            escalations.insertOne(new Document("_id", noteId).append("roomId", roomId).append("seq", seq)
                    .append("senderId", senderId).append("senderOrgId", senderOrgId)
                    .append("postedAt", Date.from(postedAt)).append("minutes", minutes).append("mentions", mentions)
                    .append("step", 0).append("notified", List.of()).append("ackBy", null).append("ackAnnounced", false));
            pend(noteId, postedAt);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    Optional<Escalation> find(String noteId) {
        return Optional.ofNullable(escalations.find(eq("_id", noteId)).first()).map(EscalationStore::of);
    }

    /**
     * Takes step {@code to} if the escalation is still at {@code from} and unacknowledged, adding
     * {@code told} to those it is meant for. Returns whether this caller took it.
     */
    boolean claim(String noteId, int from, int to, Collection<String> told, Instant at) {
        Bson filter = and(eq("_id", noteId), eq("step", from), eq("ackBy", null));
        Document before = escalations.findOneAndUpdate(filter, Updates.combine(Updates.set("step", to),
                        Updates.set("lastStepAt", Date.from(at)), Updates.addEachToSet("notified", List.copyOf(told))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        return before != null;
    }

    /** Records the first acknowledgement by someone it was meant for; later ones change nothing. */
    boolean acknowledge(String noteId, String userId, Instant at) {
        return escalations.updateOne(and(eq("_id", noteId), eq("ackBy", null)),
                Updates.combine(Updates.set("ackBy", userId), Updates.set("ackAt", Date.from(at)))).getModifiedCount() > 0;
    }

    /** Marks the acknowledgement as told to the room; returns whether this caller did. */
    boolean announceAck(String noteId) {
        return escalations.findOneAndUpdate(and(eq("_id", noteId), eq("ackAnnounced", false)),
                Updates.set("ackAnnounced", true), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)) != null;
    }

    void pend(String noteId, Instant due) {
        pending.replaceOne(eq("_id", noteId), new Document("_id", noteId).append("due", Date.from(due)),
                new ReplaceOptions().upsert(true));
    }

    void unpend(String noteId) {
        pending.deleteOne(eq("_id", noteId));
    }

    /** The note ids of escalations with something due at {@code now}, earliest first. */
    List<String> due(Instant now) {
        List<Document> docs = pending.find(lte("due", Date.from(now))).into(new ArrayList<>());
        docs.sort(java.util.Comparator.comparing((Document d) -> d.getDate("due")));
        return docs.stream().map(d -> d.getString("_id")).toList();
    }

    /** How many escalations are open (for tests and metrics). */
    long pendingCount() {
        return pending.countDocuments();
    }

    private static Escalation of(Document d) {
        Date last = d.getDate("lastStepAt");
        Date ackAt = d.getDate("ackAt");
        return new Escalation(d.getString("_id"), d.getString("roomId"), ((Number) d.get("seq")).longValue(),
                d.getString("senderId"), d.getString("senderOrgId"), d.getDate("postedAt").toInstant(),
                d.getInteger("minutes"), d.getList("mentions", String.class, List.of()), d.getInteger("step"),
                d.getList("notified", String.class, List.of()), last == null ? null : last.toInstant(),
                d.getString("ackBy"), ackAt == null ? null : ackAt.toInstant(), Boolean.TRUE.equals(d.getBoolean("ackAnnounced")));
    }
}
