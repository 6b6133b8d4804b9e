package jp.renkei.server.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.oplog.OplogCursor;
import de.bwaldvogel.mongo.oplog.OplogPosition;

/**
 * The embedded server's operation log for change streams (cluster mode): kept in memory, in the order
 * of its timestamps, pruned by age and size.
 *
 * <p>Why not mongo-java-server's own {@code CollectionBackedOplog}: (1) it stores every entry in the
 * collection {@code local.oplog.rs} of the database file and never removes one, and every {@code getMore}
 * of every change stream reads and sorts that whole collection, so a change stream slows down with
 * every write ever made; (2) it assigns an entry's timestamp before storing it, without a lock, so a
 * concurrent writer's later timestamp can become visible first, a reader moves past it, and the earlier
 * entry is never seen. Here an entry's timestamp is assigned and the entry published under one lock, so
 * a reader always sees a prefix of the log; a reader's {@code getMore} looks up its position in a
 * sorted map.
 *
 * <p>Lost on a restart of the store: a change stream that resumes after it misses what was written
 * between its last read and the restart. Renkei's cluster feed resynchronises its rooms whenever it
 * reopens a stream (docs/architecture.md, "Cluster mode"). Entries older than the retention, and the
 * oldest beyond {@link #MAX_ENTRIES}, are dropped by {@link #prune}; a stream resuming from a dropped
 * position receives the entries still kept (again covered by the feed's resynchronisation).
 *
 * <p>Change documents carry {@code _id} (the resume token), {@code operationType}, {@code ns},
 * {@code documentKey}, {@code clusterTime}, {@code wallTime} and {@code fullDocument}: the inserted
 * document, or for an update only its {@code $set}/{@code $unset} fields (no {@code updateLookup}, no
 * {@code updateDescription}). Dropping a collection is not recorded.
 */
final class MemoryOplog implements Oplog {

    /** The most entries kept, whatever their age (memory bound: an entry holds an inserted document). */
    static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final CursorRegistry cursors;
    /** Entries by timestamp value ({@code seconds << 32 | increment}). */
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    /** Guarded by this: the last timestamp handed out. */
    private int lastSeconds;
    private int lastIncrement;

    /** One write: its namespace and the change document without the caller's options applied. */
    private record Entry(String namespace, Instant wall, Document change) {
    }

    MemoryOplog(Clock clock, CursorRegistry cursors) {
        this.clock = clock;
        this.cursors = cursors;
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        for (Document d : documents) {
            Document copy = d.cloneDeeply();
            append(namespace, "insert", new Document("_id", copy.get("_id")), copy);
        }
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        Document delta = new Document();
        if (query.get("$set") instanceof Document set) {
            delta.putAll(set);
        }
        if (query.get("$unset") instanceof Document unset) {
            delta.putAll(unset);
        }
        for (Object id : modifiedIds) {
            append(namespace, "update", new Document("_id", id), delta.cloneDeeply());
        }
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        for (Object id : deletedIds) {
            append(namespace, "delete", new Document("_id", id), null);
        }
    }

    /**
     * Records what a {@code findAndModify} command changed: mongo-java-server writes no oplog entry for it
     * (a real MongoDB does), and Renkei moves read markers with it.
     */
    void findAndModify(String databaseName, Document command, Document result) {
        Object collection = command.values().iterator().next();
        Document value = result.get("value") instanceof Document v ? v : null;
        Document lastError = result.get("lastErrorObject") instanceof Document e ? e : new Document();
        Object id = lastError.get("upserted");
        if (id == null && value != null) {
            id = value.get("_id");
        }
        if (id == null && (value != null) && command.get("query") instanceof Document q && !(q.get("_id") instanceof Document)) {
            id = q.get("_id");
        }
        if (id == null || !(collection instanceof String name)) {
            return; // nothing matched
        }
        String namespace = databaseName + "." + name;
        if (Boolean.TRUE.equals(command.get("remove"))) {
            handleDelete(namespace, null, List.of(id));
        } else {
            handleUpdate(namespace, null, command.get("update") instanceof Document u ? u : new Document(), List.of(id));
        }
    }

    @Override
    public void handleDropCollection(String namespace) {
        // Not recorded: Renkei drops no collection while running (see the class comment).
    }

    /** Assigns the next timestamp and publishes the entry, as one step (readers see a prefix). */
    private synchronized void append(String namespace, String operationType, Document key, Document full) {
        Instant now = clock.instant();
        int seconds = (int) now.getEpochSecond();
        // The increment starts at the millisecond (<< 21), so a store restarted within the same second still
        // numbers its changes after those a resuming stream saw before the restart.
        int floor = (now.getNano() / 1_000_000) << 21;
        if (seconds > lastSeconds) {
            lastSeconds = seconds;
            lastIncrement = floor + 1;
        } else {
            lastIncrement = Math.max(lastIncrement + 1, floor + 1);
        }
        BsonTimestamp ts = new BsonTimestamp(((long) lastSeconds << 32) | (lastIncrement & 0xffffffffL));
        String collection = Utils.getCollectionNameFromFullName(namespace);
        Document change = new Document("_id", new Document("_data", new OplogPosition(ts).toHexString()))
                .append("operationType", operationType)
                .append("ns", new Document("db", Utils.getDatabaseNameFromFullName(namespace)).append("coll", collection))
                .append("documentKey", key)
                .append("clusterTime", ts)
                .append("wallTime", now);
        if (full != null) {
            change.append("fullDocument", full);
        }
        entries.put(ts.getValue(), new Entry(namespace, now, change));
    }

    @Override
    public Cursor createCursor(Document changeStreamDocument, String namespace, Aggregation aggregation) {
        Document startAfter = (Document) changeStreamDocument.get("startAfter");
        Document resumeAfter = (Document) changeStreamDocument.get("resumeAfter");
        BsonTimestamp startAt = (BsonTimestamp) changeStreamDocument.get("startAtOperationTime");
        OplogPosition initial;
        if (startAfter != null) {
            initial = OplogPosition.fromDocument(startAfter);
        } else if (resumeAfter != null) {
            initial = OplogPosition.fromDocument(resumeAfter);
        } else if (startAt != null) {
            initial = new OplogPosition(startAt).inclusive();
        } else {
            initial = new OplogPosition(new BsonTimestamp(now()));
        }
        OplogCursor cursor = new OplogCursor(cursors.generateCursorId(),
                position -> aggregation.runStagesAsStream(after(position, namespace)), initial);
        cursors.add(cursor);
        return cursor;
    }

    /** The current position: everything written so far is at or before it. */
    private synchronized long now() {
        return ((long) lastSeconds << 32) | (lastIncrement & 0xffffffffL);
    }

    /** The changes of {@code namespace} after {@code position}, oldest first (a lookup, not a scan). */
    private Stream<Document> after(OplogPosition position, String namespace) {
        long from = Long.parseUnsignedLong(position.toHexString(), 16);
        return entries.tailMap(from, true).values().stream()
                .filter(e -> e.namespace().equals(namespace))
                .filter(e -> new OplogPosition((BsonTimestamp) e.change().get("clusterTime")).isAfter(position))
                .map(e -> e.change().cloneDeeply());
    }

    /** Drops entries written before {@code now − retention}, and the oldest beyond {@link #MAX_ENTRIES}. */
    void prune(Duration retention) {
        Instant horizon = clock.instant().minus(retention);
        for (Map.Entry<Long, Entry> e = entries.firstEntry(); e != null; e = entries.firstEntry()) {
            if (e.getValue().wall().isBefore(horizon) || entries.size() > MAX_ENTRIES) {
                entries.remove(e.getKey());
            } else {
                break;
            }
        }
    }

    /** How many entries are kept (for tests and health). */
    int size() {
        return entries.size();
    }
}
