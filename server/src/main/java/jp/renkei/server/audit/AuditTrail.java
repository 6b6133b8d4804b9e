package jp.renkei.server.audit;

import java.time.Instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/**
 * The audit trail (SP-AUD-01): every access, allowed or denied, is recorded here.
 *
 * <p>Call {@link #record(AuditEntry)} on every path that reads, writes, subscribes, delivers, downloads
 * or is denied. Entries are durable before the call returns.
 */
@Component
public class AuditTrail {

    static final String COLLECTION = "audit";

    private final MongoCollection<Document> audit;

    public AuditTrail(MongoDatabase database) {
        this.audit = database.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
    }

    /** Records {@code entry} with the current time. */
    public void record(AuditEntry entry) {
        audit.insertOne(new Document("_id", new ObjectId().toHexString())
                .append("at", Instant.now().toString())
                .append("actor", entry.actorId())
                .append("action", entry.action())
                .append("type", entry.resourceType())
                .append("resource", entry.resourceId())
                .append("room", entry.roomId())
                .append("allowed", entry.allowed())
                .append("reason", entry.reason())
                .append("from", entry.origin()));
    }
}
