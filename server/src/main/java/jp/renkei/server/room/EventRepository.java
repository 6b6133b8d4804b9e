package jp.renkei.server.room;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.store.Collections;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Repository;

/**
 * The room event log. An event's {@code _id} is {@code roomId:seq}: inserting it is how a sequence
 * number is claimed (the unique {@code _id} makes two writers for one seq impossible), and every read
 * is a lookup of known ids. "The last 50 events" is an {@code $in} of 50 ids below the head, which
 * stays fast on the embedded server at any size and targets one shard on a cluster sharded by room.
 *
 * <p>The body (note text, visit-note fields, patient profile of {@code room.created}) is stored only
 * encrypted under the room's key ({@link ContentCipher}, SP-CRY-01), bound to the event id; it is
 * decrypted here on every read, so history pages, catch-up and recovery see plain events. The
 * metadata (ids, kind, sender, time, counters) stays in the clear for routing and unread counts.
 */
@Repository
public class EventRepository {

    private final MongoCollection<Document> events;
    private final ContentCipher cipher;
    /**
     * Cluster mode: this process's id, stored on each event it appends ({@code origin}), so that its
     * change-stream feed can tell its own appends from other nodes'; {@code null} (not stored) otherwise.
     */
    private final String origin;

    public EventRepository(MongoDatabase db, ContentCipher cipher) {
        this(db, cipher, false);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public EventRepository(MongoDatabase db, ContentCipher cipher,
                           @org.springframework.beans.factory.annotation.Value("${renkei.cluster.enabled:false}") boolean cluster) {
        this.events = db.getCollection(Collections.EVENTS);
        this.cipher = cipher;
        this.origin = cluster ? "n-" + java.util.UUID.randomUUID().toString().substring(0, 13) : null;
    }

    /** This process's origin id on the events it appends (cluster mode), or {@code null}. */
    public String origin() {
        return origin;
    }

    /** An event from its stored document (as a change stream delivers it), decrypted. */
    public StoredEvent fromDocument(Document doc) {
        return toEvent(doc);
    }

    /** Stores an event. Returns {@code false} if its sequence number is already taken. */
    public boolean insert(StoredEvent e) {
        try {
            events.insertOne(toDocument(e));
            return true;
        } catch (MongoWriteException ex) {
            if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw ex;
        }
    }

    /** The stored document of an event (public for bulk loaders such as the benchmarks). */
    public Document toDocument(StoredEvent e) {
        Person s = e.sender();
        Document doc = new Document("_id", e.eventId())
                .append("roomId", e.roomId())
                .append("seq", e.seq())
                .append("kind", e.kind().wire())
                .append("sender", new Document("userId", s.userId()).append("name", s.name())
                        .append("profession", s.profession()).append("organizationId", s.organizationId())
                        .append("organizationName", s.organizationName()))
                .append("ts", Date.from(e.ts()))
                .append("notes", e.notes())
                .append("txn", e.txnKey())
                .append("sealed", new Binary(cipher.sealText(e.roomId(), e.eventId(), e.body())));
        if (origin != null) {
            doc.append("origin", origin);
        }
        return doc;
    }

    public Optional<StoredEvent> find(String roomId, long seq) {
        Document doc = events.find(eq("_id", Ids.eventId(roomId, seq))).first();
        return Optional.ofNullable(doc).map(this::toEvent);
    }

    /**
     * The events with sequence numbers {@code from..to} (inclusive) that exist, in order. Callers
     * ask for at most a few hundred at a time.
     */
    public List<StoredEvent> range(String roomId, long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long seq = Math.max(1, from); seq <= to; seq++) {
            ids.add(Ids.eventId(roomId, seq));
        }
        List<StoredEvent> out = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return out;
        }
        for (Document doc : events.find(in("_id", ids))) {
            out.add(toEvent(doc));
        }
        out.sort(Comparator.comparingLong(StoredEvent::seq));
        return out;
    }

    private StoredEvent toEvent(Document doc) {
        Document s = doc.get("sender", Document.class);
        Person sender = new Person(s.getString("userId"), s.getString("name"), s.getString("profession"),
                s.getString("organizationId"), s.getString("organizationName"));
        return new StoredEvent(doc.getString("roomId"), ((Number) doc.get("seq")).longValue(),
                EventKind.fromWire(doc.getString("kind")), sender, doc.getDate("ts").toInstant(),
                ((Number) doc.get("notes")).longValue(), doc.getString("txn"), body(doc));
    }

    /** Decrypts the body; a shredded room or an altered record raises a clear error code. */
    private String body(Document doc) {
        String roomId = doc.getString("roomId");
        return cipher.openText(roomId, doc.getString("_id"), ((Binary) doc.get("sealed")).getData());
    }
}
