package jp.renkei.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A followed change stream survives its store going away: it is reopened (with its resume token) once the
 * store is back, the resynchronisation runs, and changes made after that arrive; while it is away the stream
 * is reported closed. Real embedded store, restarted on the same port.
 */
class ChangeStreamFollowerTest {

    @TempDir
    Path dir;

    private static void within(long millis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition within %d ms", millis).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void reopensAfterTheStoreRestartsAndResynchronises() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedMongoProperties props = new EmbeddedMongoProperties(dir, false, DataSize.ofBytes(0), DataSize.ofBytes(0),
                "127.0.0.1", port, true);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger resyncs = new AtomicInteger();
        EmbeddedMongoServer server = EmbeddedMongoServer.start(props);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000")) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            coll.insertOne(new Document("_id", "before-start"));
            ChangeStreamFollower follower = new ChangeStreamFollower("probe", coll, List.of(),
                    c -> seen.add(c.getDocumentKey().getString("_id").getValue()), resyncs::incrementAndGet);
            follower.start();
            try {
                within(10_000, () -> follower.state().open());
                coll.insertOne(new Document("_id", "a"));
                within(10_000, () -> seen.contains("a"));

                server.close();
                within(20_000, () -> !follower.state().open());
                server = EmbeddedMongoServer.start(props);
                within(30_000, () -> follower.state().open() && resyncs.get() == 1);
                coll.insertOne(new Document("_id", "b"));
                within(10_000, () -> seen.contains("b"));
                assertThat(seen).containsExactly("a", "b");
                assertThat(follower.state().reopens()).isEqualTo(1);
            } finally {
                follower.stop();
            }
            assertThat(follower.state().open()).isFalse();
        } finally {
            server.close();
        }
    }
}
