package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The login sessions of a cluster, one document per session in {@value #COLLECTION} with
 * {@code _id} = session id, so that a session signed in on one node holds on every node (cluster mode
 * only: {@code renkei.cluster.enabled=true}; a single node keeps its sessions in the servlet container).
 *
 * <p>Fields: {@code created}, {@code lastAccessed} (container time, for sessions not yet signed in),
 * {@code attrs}/{@code mac} (the sealed attributes: {@link SessionAttributeCodec}), and the SP-AUTH-06
 * state of {@link AuthSessions}: {@code userId}, {@code loggedInAt}, {@code lastActivity} (written at most
 * every {@link AuthSessions#ACTIVITY_WRITE_MILLIS}), {@code credentialId} (the passkey of a registered
 * device), {@code locked}, {@code handle}. A session ended by a device revoke or offboarding is kept as a
 * tombstone ({@code ended}, {@code endedAt}, nothing else) until its device is told why, once.
 *
 * <p>Hand-written over the MongoDB driver rather than Spring Session: Spring Session 4 (Boot 4.0's BOM) has
 * no MongoDB store, and its core jar is not served by the registry this project builds from. Every hot read
 * is an {@code _id} lookup (the only fast read on the embedded store), including a sign-in's handle (kept in
 * {@value #HANDLES}, for push subscriptions); looking sessions up by user or passkey scans the collection,
 * which happens only on offboarding and a device revoke, and so does the minute's prune.
 */
@Component
@ConditionalOnProperty(prefix = "renkei.cluster", name = "enabled", havingValue = "true")
class SharedSessionStore {

    static final String COLLECTION = "sessions";

    /** {@code _id} = a sign-in's handle ({@link AuthSessions#handleOf}); the id of its session. */
    static final String HANDLES = "session_handles";

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> handles;

    SharedSessionStore(MongoDatabase db) {
        this.sessions = db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.LOG);
        this.handles = db.getCollection(HANDLES).withWriteConcern(WriteConcerns.LOG);
    }

    MongoCollection<Document> collection() {
        return sessions;
    }

    Document find(String id) {
        return id == null ? null : sessions.find(eq("_id", id)).first();
    }

    /**
     * Writes the attributes of a session; only a session new in this request creates its document, so a
     * request still running when its session ended elsewhere cannot bring it back.
     */
    void saveAttributes(String id, long created, long lastAccessed, SessionAttributeCodec.Sealed sealed,
                        boolean create) {
        sessions.updateOne(eq("_id", id), Updates.combine(Updates.setOnInsert("created", created),
                Updates.set("lastAccessed", lastAccessed), Updates.set("attrs", new Binary(sealed.data())),
                Updates.set("mac", new Binary(sealed.mac()))), new UpdateOptions().upsert(create));
    }

    void accessed(String id, long at) {
        sessions.updateOne(eq("_id", id), Updates.set("lastAccessed", at));
    }

    /** A new id for the session (fixation): its document is copied under the new id, the old one removed. */
    void rename(String oldId, String newId) {
        Document doc = find(oldId);
        if (doc != null) {
            doc.put("_id", newId);
            sessions.insertOne(doc);
            sessions.deleteOne(eq("_id", oldId));
            if (doc.getString("handle") != null) {
                handles.updateOne(eq("_id", doc.getString("handle")), Updates.set("sessionId", newId));
            }
        }
    }

    void delete(String id) {
        sessions.deleteOne(eq("_id", id));
    }

    /** Removes the session unless it is a tombstone (which must still tell its device why it ended). */
    void deleteLive(String id) {
        Document doc = find(id);
        if (doc != null && doc.getString("ended") == null) {
            sessions.deleteOne(eq("_id", id));
        }
    }

    /** Sets SP-AUTH-06 fields (creating the document if need be). */
    void set(String id, Bson... updates) {
        sessions.updateOne(eq("_id", id), Updates.combine(updates), new UpdateOptions().upsert(true));
    }

    /** Sets SP-AUTH-06 fields of an existing session only. */
    void update(String id, Bson... updates) {
        sessions.updateOne(eq("_id", id), Updates.combine(updates));
    }

    /**
     * Locks the session: written as a whole-document replacement, which every store reports with the
     * session's id in its change stream (other nodes close their sockets of it).
     */
    void lock(String id) {
        Document doc = find(id);
        if (doc != null && doc.getString("ended") == null && !Boolean.TRUE.equals(doc.getBoolean("locked"))) {
            doc.put("locked", true);
            sessions.replaceOne(eq("_id", id), doc);
        }
    }

    /** Leaves a tombstone saying why the session ended ({@code device_revoked}); its contents are dropped. */
    void tombstone(String id, String reason, long at) {
        sessions.replaceOne(eq("_id", id), new Document("_id", id).append("ended", reason).append("endedAt", at));
    }

    /** The ids of live (not ended) sessions matching {@code filter}: a scan. */
    List<String> idsWhere(Bson filter) {
        List<String> ids = new ArrayList<>();
        for (Document d : sessions.find(and(filter, exists("ended", false))).projection(new Document("_id", 1))) {
            ids.add(d.getString("_id"));
        }
        return ids;
    }

    /** Why session {@code id} ended, if it is a tombstone, which is removed (told once). */
    String takeEnded(String id) {
        Document doc = find(id);
        if (doc == null || doc.getString("ended") == null) {
            return null;
        }
        sessions.deleteOne(eq("_id", id));
        return doc.getString("ended");
    }

    /** Records which session a sign-in's handle names (a key lookup later, for push subscriptions). */
    void nameHandle(String handle, String sessionId, long at) {
        handles.replaceOne(eq("_id", handle), new Document("_id", handle).append("sessionId", sessionId)
                .append("at", at), new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    /** The live session a handle names: two key lookups (the handle follows the session's id changes). */
    Document byHandle(String handle) {
        Document named = handles.find(eq("_id", handle)).first();
        Document doc = named == null ? null : find(named.getString("sessionId"));
        return doc != null && handle.equals(doc.getString("handle")) && doc.getString("ended") == null ? doc : null;
    }

    /**
     * Removes what no node needs any more (a scan): tombstones and sessions not yet signed in older than
     * {@code anonymousBefore}/{@code tombstonesBefore}, and signed-in sessions that are past their absolute
     * lifetime ({@code loggedInBefore}) or, without a passkey, idle since {@code idleBefore}.
     */
    long prune(long anonymousBefore, long tombstonesBefore, long loggedInBefore, long idleBefore) {
        handles.deleteMany(lt("at", loggedInBefore));
        return sessions.deleteMany(or(
                and(exists("ended", true), lt("endedAt", tombstonesBefore)),
                and(exists("ended", false), exists("userId", false), lt("lastAccessed", anonymousBefore)),
                and(exists("ended", false), exists("userId", true), lt("loggedInAt", loggedInBefore)),
                and(exists("ended", false), exists("userId", true), eq("credentialId", null),
                        lt("lastActivity", idleBefore)))).getDeletedCount();
    }
}
