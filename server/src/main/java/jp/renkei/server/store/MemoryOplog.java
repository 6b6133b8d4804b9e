package jp.renkei.server.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
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
    /** Entries looked at by cursors, in total (for tests). */
    private final java.util.concurrent.atomic.AtomicLong lookedAt = new java.util.concurrent.atomic.AtomicLong();
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
        ChangeCursor cursor = new ChangeCursor(cursors.generateCursorId(), namespace, aggregation, initial);
        cursors.add(cursor);
        return cursor;
    }

    /** The current position: everything written so far is at or before it. */
    private synchronized long now() {
        return ((long) lastSeconds << 32) | (lastIncrement & 0xffffffffL);
    }

    /**
     * A change stream's cursor on this log. Unlike mongo-java-server's own cursor, whose position moves only
     * past the changes it returns, this one moves past every change it has looked at, matched or not: a
     * stream whose filter leaves most changes out (a node's events stream skips its own events, and every
     * stream skips other collections) would otherwise look at everything since its last match on each
     * getMore, 50 times a second, which grew with the log and took the processor of the store's node.
     */
    private final class ChangeCursor extends AbstractCursor {

        private final String namespace;
        private final Aggregation aggregation;
        private final OplogPosition initial;
        /** The key of the last change looked at, or {@code null} before the first getMore. */
        private Long position;

        ChangeCursor(long id, String namespace, Aggregation aggregation, OplogPosition initial) {
            super(id);
            this.namespace = namespace;
            this.aggregation = aggregation;
            this.initial = initial;
        }

        @Override
        public boolean isEmpty() {
            return false; // a change stream stays open
        }

        @Override
        public synchronized List<Document> takeDocuments(int numberToReturn) {
            java.util.NavigableMap<Long, Entry> tail = position == null
                    ? entries.tailMap(Long.parseUnsignedLong(initial.toHexString(), 16), true)
                    : entries.tailMap(position, false);
            List<Document> out = new java.util.ArrayList<>();
            for (Map.Entry<Long, Entry> e : tail.entrySet()) {
                lookedAt.incrementAndGet();
                Entry entry = e.getValue();
                if (position == null
                        && !new OplogPosition((BsonTimestamp) entry.change().get("clusterTime")).isAfter(initial)) {
                    continue;
                }
                if (entry.namespace().equals(namespace)) {
                    aggregation.runStagesAsStream(Stream.of(entry.change().cloneDeeply())).forEach(out::add);
                }
                position = e.getKey();
                if (numberToReturn > 0 && out.size() >= numberToReturn) {
                    break;
                }
            }
            if (position == null) {
                // Nothing after the start yet: from now on, everything after the start's key.
                position = Long.parseUnsignedLong(initial.toHexString(), 16) - (isInclusive(initial) ? 1 : 0);
            }
            return out;
        }
    }

    /** Whether {@code p} includes its own timestamp (a start at an operation time, not a resume token). */
    private static boolean isInclusive(OplogPosition p) {
        return new OplogPosition(new BsonTimestamp(Long.parseUnsignedLong(p.toHexString(), 16))).isAfter(p);
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

    /** How many entries cursors have looked at (for tests). */
    long lookedAt() {
        return lookedAt.get();
    }

    /** How many entries are kept (for tests and health). */
    int size() {
        return entries.size();
    }
}
