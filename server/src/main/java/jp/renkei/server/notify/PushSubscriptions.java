package jp.renkei.server.notify;

import static com.mongodb.client.model.Filters.eq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * The browsers' push subscriptions. Collections, each keyed for its one read:
 * {@code push_subscriptions} ({@code _id} = user id: that user's browsers, at most
 * {@code renkei.notify.max-subscriptions-per-user}) and {@code push_endpoints} ({@code _id} = the
 * subscription's id, a hash of its endpoint: which user it belongs to, so that a browser that signs in
 * as another user moves its subscription instead of notifying both). Read-modify-write under this
 * object's lock (one node).
 */
@Repository
class PushSubscriptions {

    static final String SUBSCRIPTIONS = "push_subscriptions";
    static final String ENDPOINTS = "push_endpoints";

    /**
     * One browser's subscription: where to POST and the keys to encrypt for it (RFC 8291), and the sign-in
     * it was made on ({@link SubscriptionLifetime}): the passkey of a registered device
     * ({@code credentialId}), else the session's handle ({@code sessionHandle}).
     */
    record Subscription(String id, String endpoint, String p256dh, String auth, String device, Instant createdAt,
                        String credentialId, String sessionHandle) {
    }

    private final MongoCollection<Document> subscriptions;
    private final MongoCollection<Document> endpoints;

    PushSubscriptions(MongoDatabase db) {
        this.subscriptions = db.getCollection(SUBSCRIPTIONS).withWriteConcern(WriteConcerns.LOG);
        this.endpoints = db.getCollection(ENDPOINTS).withWriteConcern(WriteConcerns.LOG);
    }

    /** The id of the subscription with this endpoint: Base64url of the first 16 bytes of its SHA-256. */
    static String idOf(String endpoint) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Subscription> of(String userId) {
        Document doc = subscriptions.find(eq("_id", userId)).first();
        if (doc == null) {
            return List.of();
        }
        List<Subscription> out = new ArrayList<>();
        for (Document d : doc.getList("subs", Document.class, List.of())) {
            out.add(new Subscription(d.getString("id"), d.getString("endpoint"), d.getString("p256dh"),
                    d.getString("auth"), d.getString("device"), d.getDate("createdAt").toInstant(),
                    d.getString("credentialId"), d.getString("sessionHandle")));
        }
        return out;
    }

    /**
     * Saves {@code sub} for {@code userId}, replacing one with the same endpoint, and takes the endpoint
     * from any other user it was saved for. Returns the user it was taken from, if any.
     */
    synchronized Optional<String> save(String userId, Subscription sub, int max) {
        Document owner = endpoints.find(eq("_id", sub.id())).first();
        String previous = owner == null ? null : owner.getString("userId");
        if (previous != null && !previous.equals(userId)) {
            removeFromUser(previous, sub.id());
        }
        List<Subscription> list = new ArrayList<>(of(userId));
        list.removeIf(s -> s.id().equals(sub.id()));
        list.add(sub);
        list.sort(Comparator.comparing(Subscription::createdAt));
        while (list.size() > max) {
            Subscription dropped = list.remove(0);
            endpoints.deleteOne(eq("_id", dropped.id()));
        }
        write(userId, list);
        endpoints.replaceOne(eq("_id", sub.id()), new Document("_id", sub.id()).append("userId", userId),
                new ReplaceOptions().upsert(true));
        return previous != null && !previous.equals(userId) ? Optional.of(previous) : Optional.empty();
    }

    /** Removes the user's subscription {@code id}; whether there was one. */
    synchronized boolean remove(String userId, String id) {
        boolean removed = removeFromUser(userId, id);
        Document owner = endpoints.find(eq("_id", id)).first();
        if (owner != null && userId.equals(owner.getString("userId"))) {
            endpoints.deleteOne(eq("_id", id));
        }
        return removed;
    }

    private boolean removeFromUser(String userId, String id) {
        List<Subscription> list = new ArrayList<>(of(userId));
        boolean removed = list.removeIf(s -> s.id().equals(id));
        if (removed) {
            write(userId, list);
        }
        return removed;
    }

    private void write(String userId, List<Subscription> list) {
        if (list.isEmpty()) {
            subscriptions.deleteOne(eq("_id", userId));
            return;
        }
        List<Document> subs = list.stream().map(s -> new Document("id", s.id()).append("endpoint", s.endpoint())
                .append("p256dh", s.p256dh()).append("auth", s.auth()).append("device", s.device())
                .append("createdAt", Date.from(s.createdAt())).append("credentialId", s.credentialId())
                .append("sessionHandle", s.sessionHandle())).toList();
        subscriptions.replaceOne(eq("_id", userId), new Document("_id", userId).append("subs", subs),
                new ReplaceOptions().upsert(true));
    }
}
