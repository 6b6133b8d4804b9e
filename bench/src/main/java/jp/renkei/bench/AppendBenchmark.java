package jp.renkei.bench;

import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.StoredEvent;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of appending one event to a room log: {@link EventRepository#insert} of a visit note of
 * about 1 KB (the document the server stores for {@code note.posted}), single-threaded, on the durable
 * embedded backend, with fsync on commit on and off ({@code renkei.embedded.fsync}), in a database
 * already holding {@code stored} events (half in the target room, half over 20 other rooms).
 *
 * <p>Why: claiming a sequence number is an insert of {@code roomId:seq}, and the durable backend
 * commits (and with fsync, syncs) the file before acknowledging each insert. The append cost should
 * stay flat as the log grows, since only the {@code _id} B-tree is touched; fsync shows what
 * surviving power loss costs per note. The room-log path of the server adds a room-head update and a
 * transaction record around this insert, which are further single-document writes of the same kind.
 *
 * <p>The appended events are deleted (by {@code _id}, not measured) after each iteration, so every
 * iteration starts from {@code stored} events; within one iteration the log grows by the number of
 * appends (at most a few thousand with fsync on, up to about 10,000 without).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AppendBenchmark {

    /** Whether the file is forced to the device on every commit. */
    @Param({"false", "true"})
    public boolean fsync;

    /** Events already stored when an iteration starts. */
    @Param({"10000", "200000"})
    public long stored;

    private BenchDatabase db;
    private EventRepository repository;
    private MongoCollection<Document> collection;
    private long head;
    private long iterationStart;

    @Setup(Level.Trial)
    public void load() {
        db = BenchDatabase.start("append", fsync);
        collection = EventFixtures.eventsCollection(db);
        long start = System.nanoTime();
        EventFixtures.load(db, stored / 2, stored - stored / 2);
        head = stored / 2;
        repository = db.events();
        System.out.printf("%n[setup] loaded %,d documents in %.1f s; file %,d MB%n",
                collection.estimatedDocumentCount(), (System.nanoTime() - start) / 1e9, db.fileBytes() >> 20);
    }

    @Setup(Level.Iteration)
    public void markIteration() {
        iterationStart = head;
    }

    @TearDown(Level.Iteration)
    public void removeAppended() {
        List<String> ids = new ArrayList<>(1000);
        for (long seq = iterationStart + 1; seq <= head; seq++) {
            ids.add(Ids.eventId(EventFixtures.TARGET_ROOM, seq));
            if (ids.size() == 1000 || seq == head) {
                collection.deleteMany(in("_id", ids));
                ids.clear();
            }
        }
        System.out.printf("(%,d appends) ", head - iterationStart);
        // Later appends continue above the head with fresh ids, as a growing log would.
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    @Benchmark
    public boolean appendVisitNote() {
        long seq = ++head;
        StoredEvent e = new StoredEvent(EventFixtures.TARGET_ROOM, seq, EventKind.NOTE_POSTED,
                EventFixtures.sender(seq), java.time.Instant.now(), seq,
                EventFixtures.TARGET_ROOM + "|u-nurse-sato|append-" + seq, EventFixtures.VISIT_BODY_1KB);
        if (!repository.insert(e)) {
            throw new IllegalStateException("seq " + seq + " was already taken");
        }
        return true;
    }
}
