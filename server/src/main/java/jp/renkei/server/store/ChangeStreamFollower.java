package jp.renkei.server.store;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one collection's change stream on a daemon thread of its own, for as long as the node runs.
 *
 * <p>Resumable: the last resume token is kept in memory; when the stream fails (network, a store restart)
 * it is reopened with {@code resumeAfter(token)} after a backoff (100 ms doubling to 5 s, never a busy
 * loop). If the store says the token can no longer be resumed (its history is gone), the stream is
 * reopened from now. After every reopen {@code onReopen} runs (the caller re-reads what it follows from
 * the store), so nothing written while the stream was away is missed. Written by hand because the
 * driver has no follower of its own; one class serves every stream the nodes of a cluster follow (rooms and
 * events, sessions and accounts).
 *
 * <p>Polling: a change stream's {@code getMore} waits on a real MongoDB (up to {@link #AWAIT_MILLIS}) but
 * returns at once on the embedded store; an empty answer that came back sooner than {@link #POLL_MILLIS}
 * is followed by a pause for the rest of it, so the embedded store is asked at most about 50 times a second.
 *
 * <p>Lag is measured on the wall clock (the clock that stamps changes): a change's {@code wallTime}, or
 * its cluster time (whole seconds) where the store gives none.
 */
public final class ChangeStreamFollower {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreamFollower.class);
    static final long POLL_MILLIS = 20;
    static final long AWAIT_MILLIS = 1000;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    /** MongoDB's codes for a resume token whose history is gone ({@code ChangeStreamHistoryLost}, fatal). */
    private static final List<Integer> NOT_RESUMABLE = List.of(286, 280, 260);

    private final String name;
    private final MongoCollection<Document> collection;
    private final List<Bson> pipeline;
    private final Consumer<ChangeStreamDocument<Document>> handler;
    private final Runnable onReopen;
    private final boolean fullDocumentOfUpdates;
    private volatile boolean running;
    private volatile boolean open;
    private volatile Thread thread;
    private volatile BsonDocument token;
    /** Wall-clock millis of the last answer from the store (a change or an empty batch); 0 before any. */
    private volatile long lastPollMillis;
    /** Wall-clock millis when the last change was seen, and how late it was then. */
    private volatile long lastChangeSeenMillis;
    private volatile long lastLagMillis;
    private volatile long changes;
    private volatile long reopens;

    /**
     * @param name       for the thread, logs and health (no ids)
     * @param pipeline   the stream's filter (e.g. inserts only)
     * @param handler    told of each change, on the follower's thread; a change it cannot apply is logged and
     *                   skipped, never stopping the stream
     * @param onReopen   runs after the stream was reopened following a failure: re-read whatever changes
     *                   may have been missed meanwhile
     */
    public ChangeStreamFollower(String name, MongoCollection<Document> collection, List<Bson> pipeline,
                                Consumer<ChangeStreamDocument<Document>> handler, Runnable onReopen) {
        this(name, collection, pipeline, false, handler, onReopen);
    }

    /**
     * As above; with {@code fullDocumentOfUpdates} an update's change carries the document as it is after it
     * (looked up by the store).
     */
    public ChangeStreamFollower(String name, MongoCollection<Document> collection, List<Bson> pipeline,
                                boolean fullDocumentOfUpdates, Consumer<ChangeStreamDocument<Document>> handler,
                                Runnable onReopen) {
        this.name = name;
        this.collection = collection;
        this.pipeline = pipeline;
        this.fullDocumentOfUpdates = fullDocumentOfUpdates;
        this.handler = handler;
        this.onReopen = onReopen;
    }

    /** Starts following on a daemon thread of its own; does nothing if already started. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "change-stream-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops following and waits (briefly) for the thread to end. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        boolean failed = false;
        while (running) {
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open()) {
                open = true;
                backoff = MIN_BACKOFF_MILLIS;
                lastPollMillis = System.currentTimeMillis();
                if (failed) {
                    reopens++;
                    log.info("Change stream {} reopened; re-reading what may have been missed", name);
                    onReopen.run();
                }
                failed = false;
                follow(cursor);
            } catch (MongoCommandException e) {
                if (NOT_RESUMABLE.contains(e.getErrorCode())) {
                    log.warn("Change stream {} cannot resume from its last position ({}): reopening from now", name,
                            e.getErrorCodeName());
                    token = null;
                } else {
                    log.warn("Change stream {} failed: {} {}", name, e.getClass().getSimpleName(), e.getErrorCodeName());
                }
                backoff = pause(backoff);
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Change stream {} failed: {}", name, e.getClass().getName());
                    backoff = pause(backoff);
                }
            } finally {
                open = false;
            }
            failed = true;
        }
    }

    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> open() {
        ChangeStreamIterable<Document> watch = collection.watch(pipeline).maxAwaitTime(AWAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (fullDocumentOfUpdates) {
            watch = watch.fullDocument(com.mongodb.client.model.changestream.FullDocument.UPDATE_LOOKUP);
        }
        BsonDocument resumeFrom = token;
        if (resumeFrom != null) {
            watch = watch.resumeAfter(resumeFrom);
        }
        return watch.cursor();
    }

    private void follow(MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor) {
        while (running) {
            long asked = System.currentTimeMillis();
            ChangeStreamDocument<Document> change = cursor.tryNext();
            long now = System.currentTimeMillis();
            lastPollMillis = now;
            if (change == null) {
                BsonDocument t = cursor.getResumeToken();
                if (t != null) {
                    token = t;
                }
                long waited = now - asked;
                if (waited < POLL_MILLIS) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS - waited));
                }
                continue;
            }
            token = change.getResumeToken();
            lastLagMillis = Math.max(0, now - writtenAt(change));
            lastChangeSeenMillis = now;
            changes++;
            try {
                handler.accept(change);
            } catch (RuntimeException e) {
                // One change that cannot be applied (a purged room's event) must not stop the stream.
                log.warn("Change stream {}: a change could not be applied: {}", name, e.getClass().getName());
            }
        }
    }

    private static long writtenAt(ChangeStreamDocument<Document> change) {
        if (change.getWallTime() != null) {
            return change.getWallTime().getValue();
        }
        if (change.getClusterTime() != null) {
            return change.getClusterTime().getTime() * 1000L;
        }
        return System.currentTimeMillis();
    }

    private long pause(long backoff) {
        if (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
        }
        return Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }

    /** What health and the gauge report of this stream. */
    public record State(String name, boolean open, long lastPollAgeMillis, long lastLagMillis, long lastChangeAgeMillis,
                 long changes, long reopens) {
    }

    /** This stream's state now. */
    public State state() {
        long now = System.currentTimeMillis();
        long poll = lastPollMillis;
        long seen = lastChangeSeenMillis;
        return new State(name, open, poll == 0 ? -1 : now - poll, lastLagMillis, seen == 0 ? -1 : now - seen,
                changes, reopens);
    }
}
