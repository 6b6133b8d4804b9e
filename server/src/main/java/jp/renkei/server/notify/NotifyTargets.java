package jp.renkei.server.notify;

import static com.mongodb.client.model.Filters.eq;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * Where a notification leads, behind an opaque id (SP-MOB-04): a notification carries only this id,
 * 128 random bits with no relation to the room or event, and the app resolves it after sign-in or
 * unlock ({@code GET /api/notify/targets/{id}}), where the policy is asked again. Collection
 * {@code notify_targets}, {@code _id} = the opaque id; one per notification and recipient. Expired
 * targets are refused on read and removed then (the embedded database has no TTL index).
 */
@Repository
class NotifyTargets {

    static final String COLLECTION = "notify_targets";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A notification's place: a room ({@code roomId}) or a bed inquiry ({@code inquiryId} with its
     * clinic and office, for the policy).
     */
    record Target(String id, String userId, String kind, String roomId, String inquiryId, String clinicId,
                  String officeId, Instant expiresAt) {
    }

    private final MongoCollection<Document> targets;

    NotifyTargets(MongoDatabase db) {
        // Losing one in a crash only means its notification opens the room list.
        this.targets = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.DERIVED);
    }

    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    void insert(Target t) {
        targets.insertOne(new Document("_id", t.id()).append("userId", t.userId()).append("kind", t.kind())
                .append("roomId", t.roomId()).append("inquiryId", t.inquiryId()).append("clinicId", t.clinicId())
                .append("officeId", t.officeId()).append("expiresAt", Date.from(t.expiresAt())));
    }

    Optional<Target> find(String id, Instant now) {
        Document d = targets.find(eq("_id", id)).first();
        if (d == null) {
            return Optional.empty();
        }
        Instant expires = d.getDate("expiresAt").toInstant();
        if (!expires.isAfter(now)) {
            targets.deleteOne(eq("_id", id));
            return Optional.empty();
        }
        return Optional.of(new Target(id, d.getString("userId"), d.getString("kind"), d.getString("roomId"),
                d.getString("inquiryId"), d.getString("clinicId"), d.getString("officeId"), expires));
    }
}
