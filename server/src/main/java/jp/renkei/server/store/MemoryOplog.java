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
 * oldest beyond {@link #MAX_ENTRIES} or {@link #MAX_BYTES}, are dropped by {@link #prune}; a stream resuming from a dropped
 * position receives the entries still kept (again covered by the feed's resynchronisation).
 *
 * <p>Change documents carry {@code _id} (the resume token), {@code operationType}, {@code ns},
 * {@code documentKey}, {@code clusterTime}, {@code wallTime} and {@code fullDocument}: the inserted
 * document, for a replacement ({@code replace}) the whole new document, or for an update only its
 * {@code $set}/{@code $unset} fields (no {@code updateLookup}, no {@code updateDescription}: a follower that
 * needs the document after an update reads it). Dropping a collection is not recorded.
 */
final class MemoryOplog implements Oplog {

    /** The most entries kept, whatever their age (memory bound: an entry holds an inserted document). */
    static final int MAX_ENTRIES = 100_000;
    /** The most bytes of documents kept (estimated); the oldest entries beyond it are dropped at once. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    /**
     * An inserted document larger than this (a photo chunk) is recorded without its {@code fullDocument}:
     * its change says only which document was inserted.
     */
    static final int MAX_FULL_DOCUMENT_BYTES = 64 * 1024;

    private final Clock clock;
    private final CursorRegistry cursors;
    /** Entries by timestamp value ({@code seconds << 32 | increment}). */
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    /** Guarded by this: the last timestamp handed out. */
    private int lastSeconds;
    private int lastIncrement;

    /** Estimated bytes of the documents the entries hold. */
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

    /** One write: its namespace, the change document without the caller's options applied, its size estimate. */
    private record Entry(String namespace, Instant wall, Document change, long size) {
    }

    MemoryOplog(Clock clock, CursorRegistry cursors) {
        this.clock = clock;
        this.cursors = cursors;
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        for (Document d : documents) {
            boolean small = estimate(d) <= MAX_FULL_DOCUMENT_BYTES;
            append(namespace, "insert", new Document("_id", d.get("_id")), small ? d.cloneDeeply() : null);
        }
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        if (!query.isEmpty() && query.keySet().stream().noneMatch(k -> k.startsWith("$"))) {
            // A replacement: recorded as MongoDB does, a "replace" carrying the whole new document.
            for (Object id : modifiedIds) {
                Document full = new Document("_id", id);
                query.forEach((k, v) -> {
                    if (!"_id".equals(k)) {
                        full.put(k, v);
                    }
                });
                append(namespace, "replace", new Document("_id", id), full.cloneDeeply());
            }
            return;
        }
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
        long size = 64 + estimate(full);
        entries.put(ts.getValue(), new Entry(namespace, now, change, size));
        if (bytes.addAndGet(size) > MAX_BYTES) {
            prune(null);
        }
    }

    /** A rough size of a document's values in bytes (strings, binaries and nesting; 8 for anything else). */
    private static long estimate(Object value) {
        if (value instanceof Document d) {
            long n = 0;
            for (Map.Entry<String, Object> e : d.entrySet()) {
                n += e.getKey().length() + estimate(e.getValue());
            }
            return n;
        }
        if (value instanceof java.util.Collection<?> c) {
            long n = 0;
            for (Object o : c) {
                n += estimate(o);
            }
            return n;
        }
        if (value instanceof de.bwaldvogel.mongo.bson.BinData b) {
            return b.getData().length;
        }
        if (value instanceof byte[] b) {
            return b.length;
        }
        if (value instanceof String str) {
            return str.length();
        }
        return 8;
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

    /**
     * Drops entries written before {@code now − retention} ({@code null}: none for age), and the oldest beyond
     * {@link #MAX_ENTRIES} or {@link #MAX_BYTES}.
     */
    void prune(Duration retention) {
        Instant horizon = retention == null ? Instant.MIN : clock.instant().minus(retention);
        for (Map.Entry<Long, Entry> e = entries.firstEntry(); e != null; e = entries.firstEntry()) {
            if (e.getValue().wall().isBefore(horizon) || entries.size() > MAX_ENTRIES || bytes.get() > MAX_BYTES) {
                if (entries.remove(e.getKey(), e.getValue())) {
                    bytes.addAndGet(-e.getValue().size());
                }
            } else {
                break;
            }
        }
    }

    /** Estimated bytes the kept entries hold (for tests). */
    long bytes() {
        return bytes.get();
    }

    /** How many entries are kept (for tests and health). */
    int size() {
        return entries.size();
    }
}
