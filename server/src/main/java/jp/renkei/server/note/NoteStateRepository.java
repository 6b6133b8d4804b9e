package jp.renkei.server.note;

import static com.mongodb.client.model.Filters.eq;

import java.util.List;
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
 * users acknowledged which note, and who was mentioned in which version (so that an edit that adds a
 * mention notifies only the newly mentioned). All writes are idempotent so the log can re-apply them
 * ({@link NoteProjection}; a room's projections run under its write lock, one writer per note).
 */
@Repository
public class NoteStateRepository {

    /** A note's author and current version. */
    public record NoteHead(String noteId, String authorId, int version) {
    }

    /** Everyone mentioned in any version so far. */
    private static final String MENTIONED = "mentioned";
    /** Per version (as a string key): who it mentioned for the first time. */
    private static final String NEWS = "mentionNews";

    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> acks;

    public NoteStateRepository(MongoDatabase db) {
        // All derived from the log (see WriteConcerns): not journaled on their own.
        this.heads = db.getCollection(Collections.NOTE_HEADS).withWriteConcern(WriteConcerns.DERIVED);
        this.acks = db.getCollection(Collections.ACKS).withWriteConcern(WriteConcerns.DERIVED);
    }

    public void createHead(String noteId, String authorId, List<String> mentions) {
        insertIgnoringDuplicate(heads, new Document("_id", noteId).append("authorId", authorId).append("version", 1)
                .append(MENTIONED, List.copyOf(mentions)));
    }

    /**
     * Records version {@code version} of a note and who it mentions for the first time (never in an
     * earlier version). Re-applying the same version changes nothing. A note stored before mentions were
     * kept records no one as new.
     */
    public void advanceVersion(String noteId, int version, List<String> mentions) {
        Document doc = heads.find(eq("_id", noteId)).first();
        if (doc == null) {
            return;
        }
        Document news = doc.get(NEWS, Document.class);
        String key = Integer.toString(version);
        if (news != null && news.containsKey(key)) {
            return;
        }
        List<String> before = doc.getList(MENTIONED, String.class);
        List<String> added = before == null ? List.of()
                : mentions.stream().filter(m -> !before.contains(m)).distinct().toList();
        // Filter on _id alone: the embedded server scans for anything more.
        heads.updateOne(eq("_id", noteId), Updates.combine(Updates.max("version", version),
                Updates.set(NEWS + "." + key, added), Updates.addEachToSet(MENTIONED, mentions)));
    }

    /** Who version {@code version} of the note mentions for the first time (empty if none or unknown). */
    public List<String> newlyMentioned(String noteId, int version) {
        Document doc = heads.find(eq("_id", noteId)).first();
        Document news = doc == null ? null : doc.get(NEWS, Document.class);
        List<String> added = news == null ? null : news.getList(Integer.toString(version), String.class);
        return added == null ? List.of() : List.copyOf(added);
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
