package jp.renkei.server.photo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * The room's photo consent (SP-CON-04), derived from its {@code photo_rules.changed} events: the log
 * is the record of who allowed what and when; this is the fast lookup used on every upload. Until the
 * host chooses, the room's default applies ({@code PhotoService.defaults}: in a patient room with consent
 * in force, photos without faces; otherwise none).
 */
@Repository
public class PhotoRules {

    /** Whether photos, and photos showing faces, may be uploaded. */
    public record Rules(boolean photos, boolean faces) {
        public static final Rules NONE = new Rules(false, false);
    }

    private final MongoCollection<Document> rules;

    PhotoRules(MongoDatabase db) {
        // Derived from the log: re-applied on recovery like the other projections.
        this.rules = db.getCollection(Collections.PHOTO_SETTINGS).withWriteConcern(WriteConcerns.DERIVED);
    }

    /** The rules the host last recorded, or {@link Rules#NONE} where they never did. */
    public Rules of(String roomId) {
        return of(roomId, Rules.NONE);
    }

    /** The rules the host last recorded, or {@code byDefault} where they never did. */
    public Rules of(String roomId, Rules byDefault) {
        Document d = rules.find(eq("_id", roomId)).first();
        return d == null ? byDefault : new Rules(d.getBoolean("photos", false), d.getBoolean("faces", false));
    }

    /** Applies a {@code photo_rules.changed} event at {@code seq}; idempotent, later events win. */
    public void apply(String roomId, long seq, boolean photos, boolean faces) {
        Document current = rules.find(eq("_id", roomId)).first();
        if (current != null && ((Number) current.get("seq")).longValue() >= seq) {
            return;
        }
        rules.replaceOne(eq("_id", roomId), new Document("_id", roomId).append("photos", photos)
                .append("faces", photos && faces).append("seq", seq), new ReplaceOptions().upsert(true));
    }
}
