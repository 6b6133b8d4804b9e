package jp.renkei.server.room;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Which event each client transaction produced, so a retried command is answered with the original
 * event instead of being stored twice. The key is {@code roomId|userId|txnId}; written by
 * {@link Projections} for every event that carries one, read by the commands before they append.
 * Derived from the log, so the write is idempotent and not journaled on its own.
 */
@Repository
public class TxnRepository {

    private final MongoCollection<Document> txns;

    public TxnRepository(MongoDatabase db) {
        this.txns = db.getCollection(Collections.TXNS).withWriteConcern(WriteConcerns.DERIVED);
    }

    /** Records the event a transaction produced; idempotent. Only the log's projections call it. */
    public void recordTxn(String txnKey, long seq) {
        txns.replaceOne(eq("_id", txnKey), new Document("_id", txnKey).append("seq", seq),
                new ReplaceOptions().upsert(true));
    }

    /**
     * The seq of the event a transaction produced, or {@code -1} if it produced none. Call inside
     * {@link RoomLogs#exclusive} so that the answer cannot change before the command appends.
     */
    public long findTxn(String txnKey) {
        Document doc = txns.find(eq("_id", txnKey)).first();
        return doc == null ? -1 : ((Number) doc.get("seq")).longValue();
    }
}
