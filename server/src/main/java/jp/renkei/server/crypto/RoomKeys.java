package jp.renkei.server.crypto;

import static com.mongodb.client.model.Filters.eq;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.WriteConcerns;
import jp.renkei.server.error.DomainException;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-room data keys (SP-CRY-01): a random 256-bit AES key per room, stored only wrapped under the
 * {@link MasterKey} (AES key wrap, RFC 3394, the JDK's {@code AESWrap}) in {@link Collections#ROOM_KEYS},
 * keyed by room id, and cached unwrapped in memory so the hot paths cost one map lookup.
 *
 * <p>{@link #destroy} is crypto-shredding (SP-RET-03): the wrapped key is deleted and a tombstone left,
 * so every ciphertext of the room, including copies in backups, can no longer be read.
 *
 * <p>Master key rotation: each stored key records the id of the master key that wrapped it
 * ({@code kek}). Configure the new key as the master key and the old one as the previous key; at
 * startup {@link #rewrapFrom} re-wraps every room key still under the old one. Ciphertexts do not
 * change, since the data keys themselves stay the same.
 *
 * <p>In a cluster, a node that did not perform a {@link #destroy} keeps its cached key until restart;
 * purges must be followed by a rolling restart or a cache-invalidation message (not built yet).
 */
public class RoomKeys {

    private static final Logger log = LoggerFactory.getLogger(RoomKeys.class);
    /** The data key version of keys created now; a re-keyed room (future) would get the next. */
    static final int CURRENT_VERSION = 1;

    /** An unwrapped data key. */
    record DataKey(int version, SecretKey key) {
    }

    private static final DataKey DESTROYED = new DataKey(-1, null);

    private final MongoCollection<Document> keys;
    private final MasterKey master;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, DataKey> cache = new ConcurrentHashMap<>();

    public RoomKeys(MongoDatabase db, MasterKey master) {
        this.keys = db.getCollection(Collections.ROOM_KEYS).withWriteConcern(WriteConcerns.LOG);
        this.master = master;
    }

    /**
     * Fails fast if the stored room keys were wrapped by a different master key than the configured
     * one: a wrong key configured at startup is reported at once, never as unreadable notes later.
     */
    public void checkMasterKey() {
        Document sample = keys.find(Filters.exists("wrapped")).first();
        if (sample != null && !master.id().equals(sample.getString("kek"))) {
            throw new IllegalStateException("The configured master key (id " + master.id()
                    + ") is not the one that wrapped the stored room keys (id " + sample.getString("kek")
                    + "). Configure the right key (renkei.crypto.master-key-file or keystore); during a "
                    + "rotation also set renkei.crypto.previous-master-key-file.");
        }
    }

    /** Re-wraps every room key wrapped under {@code previous} with the current master key. */
    public int rewrapFrom(MasterKey previous) {
        int n = 0;
        for (Document doc : keys.find(eq("kek", previous.id()))) {
            byte[] raw = unwrap(previous, ((Binary) doc.get("wrapped")).getData(), doc.getString("_id"));
            // Filter on _id and the old kek: a concurrent rotation on another node re-wraps once.
            keys.updateOne(Filters.and(eq("_id", doc.getString("_id")), eq("kek", previous.id())),
                    new Document("$set", new Document("wrapped", new Binary(wrap(master, raw)))
                            .append("kek", master.id())));
            n++;
        }
        if (n > 0) {
            log.info("Re-wrapped {} room keys from master key {} to {}", n, previous.id(), master.id());
        }
        return n;
    }

    /** The room's current data key, created on first use. */
    DataKey current(String roomId) {
        DataKey k = cache.get(roomId);
        if (k == null) {
            k = cache.computeIfAbsent(roomId, this::loadOrCreate);
        }
        return requireAlive(k, roomId);
    }

    /** The room's data key of {@code version}, for decryption. */
    DataKey forVersion(String roomId, int version) {
        DataKey k = cache.get(roomId);
        if (k == null) {
            k = cache.computeIfAbsent(roomId, id -> load(id, true));
        }
        requireAlive(k, roomId);
        if (k.version() != version) {
            throw new DomainException(ErrorCode.CONTENT_UNREADABLE);
        }
        return k;
    }

    /**
     * Crypto-shreds the room: deletes its wrapped data key for good (SP-RET-03). Everything encrypted
     * under it becomes unreadable; reads report {@link ErrorCode#CONTENT_DESTROYED}. Idempotent.
     */
    public void destroy(String roomId) {
        keys.replaceOne(eq("_id", roomId), new Document("_id", roomId).append("destroyed", new Date()),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        cache.put(roomId, DESTROYED);
        log.info("Room key of {} destroyed", roomId);
    }

    /** Whether the room's key was destroyed. */
    public boolean isDestroyed(String roomId) {
        DataKey k = cache.computeIfAbsent(roomId, id -> load(id, false));
        return k == DESTROYED;
    }

    private static DataKey requireAlive(DataKey k, String roomId) {
        if (k == DESTROYED) {
            throw new DomainException(ErrorCode.CONTENT_DESTROYED);
        }
        return k;
    }

    private DataKey loadOrCreate(String roomId) {
        DataKey existing = load(roomId, false);
        if (existing != null) {
            return existing;
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        try {
            keys.insertOne(new Document("_id", roomId).append("version", CURRENT_VERSION)
                    .append("kek", master.id()).append("wrapped", new Binary(wrap(master, raw)))
                    .append("created", new Date()));
            return new DataKey(CURRENT_VERSION, new SecretKeySpec(raw, "AES"));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another node created it first: use theirs.
            return load(roomId, true);
        }
    }

    /** The stored key, {@link #DESTROYED}, or {@code null} if none (an error if {@code required}). */
    private DataKey load(String roomId, boolean required) {
        Document doc = keys.find(eq("_id", roomId)).first();
        if (doc == null) {
            if (required) {
                // Content exists but its key does not: treat as shredded rather than crash.
                log.error("No room key for {} although encrypted content was found", roomId);
                return DESTROYED;
            }
            return null;
        }
        if (doc.containsKey("destroyed")) {
            return DESTROYED;
        }
        String kek = doc.getString("kek");
        if (!master.id().equals(kek)) {
            log.error("Room key of {} is wrapped under master key {}, but {} is configured", roomId, kek, master.id());
            throw new DomainException(ErrorCode.CONTENT_UNREADABLE);
        }
        byte[] raw = unwrap(master, ((Binary) doc.get("wrapped")).getData(), roomId);
        return new DataKey(((Number) doc.get("version")).intValue(), new SecretKeySpec(raw, "AES"));
    }

    private static byte[] wrap(MasterKey kek, byte[] raw) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, kek.key());
            return c.wrap(new SecretKeySpec(raw, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Key wrap failed", e);
        }
    }

    private static byte[] unwrap(MasterKey kek, byte[] wrapped, String roomId) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, kek.key());
            return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (GeneralSecurityException e) {
            // RFC 3394's integrity check failed: wrong master key or a damaged record.
            log.error("Room key of {} cannot be unwrapped with master key {}", roomId, kek.id());
            throw new DomainException(ErrorCode.CONTENT_UNREADABLE);
        }
    }
}
