package jp.renkei.server.note;

import static com.mongodb.client.model.Filters.eq;

import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * State derived from the log, kept for fast checks: each note's author and current version, which
 * users acknowledged which note. All writes are idempotent so the log can re-apply them
 * ({@link NoteProjection}).
 */
@Repository
public class NoteStateRepository {

    /** A note's author and current version. */
    public record NoteHead(String noteId, String authorId, int version) {
    }

    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> acks;

    public NoteStateRepository(MongoDatabase db) {
        // All derived from the log (see WriteConcerns): not journaled on their own.
        this.heads = db.getCollection(Collections.NOTE_HEADS).withWriteConcern(WriteConcerns.DERIVED);
        this.acks = db.getCollection(Collections.ACKS).withWriteConcern(WriteConcerns.DERIVED);
    }

    public void createHead(String noteId, String authorId) {
        insertIgnoringDuplicate(heads, new Document("_id", noteId).append("authorId", authorId).append("version", 1));
    }

    public void advanceVersion(String noteId, int version) {
        // Filter on _id alone: the embedded server scans for anything more.
        heads.updateOne(eq("_id", noteId), Updates.max("version", version));
    }

    public Optional<NoteHead> findHead(String noteId) {
        Document doc = heads.find(eq("_id", noteId)).first();
        return Optional.ofNullable(doc).map(d -> new NoteHead(noteId, d.getString("authorId"),
                ((Number) d.get("version")).intValue()));
    }

    public void recordAck(String noteId, String userId, long seq) {
        insertIgnoringDuplicate(acks, new Document("_id", noteId + "|" + userId).append("seq", seq));
    }

    /** The seq of the user's acknowledgement of a note, or {@code -1}. */
    public long findAck(String noteId, String userId) {
        Document doc = acks.find(eq("_id", noteId + "|" + userId)).first();
        return doc == null ? -1 : ((Number) doc.get("seq")).longValue();
    }

    private static void insertIgnoringDuplicate(MongoCollection<Document> collection, Document doc) {
        try {
            collection.insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
