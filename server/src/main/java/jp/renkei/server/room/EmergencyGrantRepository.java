package jp.renkei.server.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

import static com.mongodb.client.model.Filters.eq;

/**
 * Break-the-glass grants kept for review (SP-AUTHZ-04: reviewed within 7 days). {@code _id} = grant id.
 * "Grants of one organisation" filters on {@code organizationId}: a scan on the embedded server, which
 * is fine at a region's few grants a month; production has an index on it (created here).
 */
@Repository
public class EmergencyGrantRepository {

    /** Collection name. */
    public static final String COLLECTION = "emergency_grants";

    private final MongoCollection<Document> grants;

    EmergencyGrantRepository(MongoDatabase db) {
        this.grants = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        grants.createIndex(new Document("organizationId", 1).append("openedAt", -1));
    }

    /** A grant and its review. */
    public record Grant(String id, String roomId, String userId, String organizationId, String reason,
                        Instant openedAt, Instant until, String reviewedBy, String reviewComment,
                        Instant reviewedAt) {
    }

    void insert(String id, String roomId, String userId, String organizationId, String reason, Instant openedAt,
                Instant until) {
        grants.insertOne(new Document("_id", id).append("roomId", roomId).append("userId", userId)
                .append("organizationId", organizationId).append("reason", reason)
                .append("openedAt", Date.from(openedAt)).append("until", Date.from(until)));
    }

    Optional<Grant> find(String id) {
        return Optional.ofNullable(grants.find(eq("_id", id)).first()).map(EmergencyGrantRepository::toGrant);
    }

    List<Grant> ofOrganization(String organizationId) {
        List<Grant> out = new ArrayList<>();
        for (Document d : grants.find(eq("organizationId", organizationId)).sort(Sorts.descending("openedAt"))
                .limit(500)) {
            out.add(toGrant(d));
        }
        return out;
    }

    void review(String id, String reviewerId, String comment, Instant at) {
        grants.updateOne(eq("_id", id), Updates.combine(Updates.set("reviewedBy", reviewerId),
                Updates.set("reviewComment", comment), Updates.set("reviewedAt", Date.from(at))));
    }

    private static Grant toGrant(Document d) {
        return new Grant(d.getString("_id"), d.getString("roomId"), d.getString("userId"),
                d.getString("organizationId"), d.getString("reason"), d.getDate("openedAt").toInstant(),
                d.getDate("until").toInstant(), d.getString("reviewedBy"), d.getString("reviewComment"),
                d.getDate("reviewedAt") == null ? null : d.getDate("reviewedAt").toInstant());
    }
}
