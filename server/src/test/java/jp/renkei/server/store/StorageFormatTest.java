package jp.renkei.server.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's storage format ({@link StorageFormat}): documents of every type the server
 * uses survive a restart unchanged, unique indexes still find and refuse keys, and a file written by
 * the earlier format (H2's default types) is upgraded without losing a document.
 */
class StorageFormatTest {

    @TempDir
    Path dir;

    @Test
    void documentsOfEveryBsonTypeSurviveARestart() {
        Document original = sample("r-1:000000000001", 1);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            events(client).insertOne(original);
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(events(client).find(eq("_id", "r-1:000000000001")).first()).isEqualTo(original);
        }
    }

    @Test
    void uniqueIndexesFindAndRefuseKeysAfterARestart() {
        List<String> ids = shuffledIds(3_000);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            for (String id : ids) {
                events(client).insertOne(new Document("_id", id).append("n", id.length()));
            }
            events(client).insertOne(new Document("_id", new ObjectId()).append("kind", "objectId"));
            events(client).insertOne(new Document("_id", 42L).append("kind", "number"));
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = events(client);
            for (String id : ids) {
                assertThat(events.find(eq("_id", id)).first()).as(id).isNotNull();
            }
            assertThat(events.countDocuments(in("_id", ids.subList(0, 50)))).isEqualTo(50);
            assertThat(events.find(eq("_id", 42L)).first()).isNotNull();
            assertThatThrownBy(() -> events.insertOne(new Document("_id", ids.get(7))))
                    .isInstanceOf(MongoWriteException.class)
                    .satisfies(e -> assertThat(((MongoWriteException) e).getCode()).isEqualTo(11000));
            assertThat(events.countDocuments()).isEqualTo(ids.size() + 2);
        }
    }

    @Test
    void aFileOfTheEarlierFormatIsUpgradedWithNothingLost() {
        List<String> ids = shuffledIds(1_000);
        // Written the way every earlier version wrote it: mongo-java-server's H2 backend with H2's default types.
        MVStore old = new MVStore.Builder().fileName(dir.resolve("renkei.mv").toString()).open();
        MongoServer oldServer = new MongoServer(new H2Backend(old));
        try (MongoClient client = MongoClients.create(oldServer.bindAndGetConnectionString())) {
            for (String id : ids) {
                events(client).insertOne(sample(id, id.hashCode()));
            }
        } finally {
            oldServer.shutdownNow();
            old.close();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = events(client);
            for (String id : ids) {
                assertThat(events.find(eq("_id", id)).first()).as(id).isEqualTo(sample(id, id.hashCode()));
            }
            assertThatThrownBy(() -> events.insertOne(new Document("_id", ids.get(0))))
                    .isInstanceOf(MongoWriteException.class);
            events.insertOne(sample("r-new:000000000001", 7)); // a new document next to upgraded ones
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false);
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(events(client).countDocuments()).isEqualTo(ids.size() + 1);
            assertThat(events(client).find(eq("_id", "r-new:000000000001")).first()).isEqualTo(sample("r-new:000000000001", 7));
        }
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase("renkei").getCollection("events");
    }

    /** A document with every BSON type Renkei stores (and some it might). */
    private static Document sample(String id, int n) {
        return new Document("_id", id)
                .append("seq", (long) n)
                .append("count", n)
                .append("ratio", n / 3.0)
                .append("flag", n % 2 == 0)
                .append("at", Date.from(Instant.ofEpochMilli(1_790_000_000_000L + n)))
                .append("text", "訪問看護記録 " + n + " ✓")
                .append("sealed", new Binary(new byte[] {1, 2, 3, (byte) n}))
                .append("none", null)
                .append("amount", Decimal128.parse("12.50"))
                .append("oid", new ObjectId("65f000000000000000000001"))
                .append("nested", new Document("members", List.of("u-1", "u-2"))
                        .append("readSeq", new Document("u-1", 3L)))
                .append("list", List.of(1, "two", new Document("three", 3.0)));
    }

    private static List<String> shuffledIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("r-" + (i % 37) + ":" + String.format("%012d", i));
        }
        java.util.Collections.shuffle(ids, new Random(7));
        return ids;
    }
}
