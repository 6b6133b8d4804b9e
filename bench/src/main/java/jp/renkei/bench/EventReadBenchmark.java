package jp.renkei.bench;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.descending;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
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
 * Reading a room's timeline from the embedded database, as a key lookup versus as a query.
 *
 * <p>Setup (once per fork, not measured): a fresh file-backed embedded server holding a target room
 * with {@code events} events, plus as many events again spread over 20 other rooms and interleaved
 * with the target's in insertion order, so the collection holds {@code 2 × events} documents of
 * about 1 KB, like a server where many rooms are active at once.
 *
 * <ul>
 *   <li>{@link #latest50ByKeys}: the "open a room" read, {@link EventRepository#range} of the 50 ids
 *       below the head, one {@code _id $in} lookup (what the server does).</li>
 *   <li>{@link #latest50ByQuery}: the same 50 events the naive way, {@code {roomId: X}} sorted by
 *       {@code seq} descending, limit 50. The embedded server ignores secondary indexes, so this
 *       scans and sorts the whole collection; on MongoDB it would need a {@code (roomId, seq)} index.</li>
 *   <li>{@link #findOneByKey}: {@link EventRepository#find} of one event at a random seq (an
 *       {@code _id} equality), the read behind acknowledgements and edits.</li>
 * </ul>
 *
 * <p>Why: the design rests on "every hot read is a key lookup" (shared/platform-facts.md). This shows
 * the key reads staying flat from 10,000 to 100,000 events while the query grows with the collection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EventReadBenchmark {

    /** Events in the target room; the collection holds twice as many. */
    @Param({"10000", "100000"})
    public long events;

    private BenchDatabase db;
    private EventRepository repository;
    private MongoCollection<Document> collection;
    private long head;

    @Setup(Level.Trial)
    public void load() {
        db = BenchDatabase.start("read", false);
        collection = EventFixtures.eventsCollection(db);
        long start = System.nanoTime();
        EventFixtures.load(db, events, events);
        head = events;
        repository = db.events();
        System.out.printf("%n[setup] loaded %,d documents in %.1f s; file %,d MB%n",
                collection.estimatedDocumentCount(), (System.nanoTime() - start) / 1e9, db.fileBytes() >> 20);
        // Fail early, not with a misleading number, if the fixture does not answer as expected.
        if (repository.range(EventFixtures.TARGET_ROOM, head - 49, head).size() != 50
                || latest50ByQuery().size() != 50
                || repository.find(EventFixtures.TARGET_ROOM, head).isEmpty()) {
            throw new IllegalStateException("The loaded room log does not answer as expected");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    @Benchmark
    public List<StoredEvent> latest50ByKeys() {
        return repository.range(EventFixtures.TARGET_ROOM, head - 49, head);
    }

    @Benchmark
    public List<Document> latest50ByQuery() {
        return collection.find(eq("roomId", EventFixtures.TARGET_ROOM))
                .sort(descending("seq"))
                .limit(50)
                .into(new ArrayList<>(50));
    }

    @Benchmark
    public Optional<StoredEvent> findOneByKey() {
        return repository.find(EventFixtures.TARGET_ROOM, ThreadLocalRandom.current().nextLong(1, head + 1));
    }
}
