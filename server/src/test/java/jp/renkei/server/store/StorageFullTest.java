package jp.renkei.server.store;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import jp.renkei.server.error.StorageFull;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The embedded store on a real small file system that fills up: writes are refused with
 * {@code OutOfDiskSpace}, nothing acknowledged is lost, reads go on, and writes are accepted again by
 * themselves once space is freed — with the safety margin, and without it (the engine closes itself
 * on the failed commit and is reopened).
 */
class StorageFullTest {

    private static final String PAYLOAD = "x".repeat(16 * 1024);

    @Test
    void belowTheMarginWritesAreRefusedReadsGoOnAndWritesResumeWhenSpaceReturns() throws Exception {
        // The storage engine grows its file in steps of a few MB: the margin is wider than one step,
        // as the default (64 MB) is.
        try (SmallDisk disk = SmallDisk.mount(96)) {
            Path ballast = disk.ballast(24L * 1024 * 1024);
            Path data = disk.path().resolve("data");
            EmbeddedMongoProperties props = new EmbeddedMongoProperties(data, true, DataSize.ofMegabytes(24),
                    DataSize.ofMegabytes(32), "127.0.0.1", 0, false);
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(props);
                 MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                List<Integer> acknowledged = insertUntilRefused(docs, 0);
                assertThat(server.space().level()).isEqualTo(StorageSpace.Level.FULL);
                assertThat(server.isOpen()).isTrue(); // the margin kept the engine from meeting the full disk

                // Every acknowledged write is there, and reads are served.
                assertThat(docs.countDocuments()).isEqualTo(acknowledged.size());
                assertThat(docs.find(eq("_id", acknowledged.get(0))).first()).isNotNull();

                // Space returns: writes are accepted again without a restart.
                Files.delete(ballast);
                Thread.sleep(StorageSpace.CACHE_MILLIS + 50);
                docs.insertOne(new Document("_id", -1).append("p", "after"));
                assertThat(docs.find(eq("_id", -1)).first()).isNotNull();
            }
            // And after a restart, everything acknowledged is still there.
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(props);
                 MongoClient client = MongoClients.create(server.connectionString())) {
                assertThat(client.getDatabase("t").getCollection("docs").find(eq("_id", -1)).first()).isNotNull();
            }
        }
    }

    @Test
    void withoutAMarginTheClosedEngineIsReopenedAndNothingAcknowledgedIsLost() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(24)) {
            Path data = disk.path().resolve("data");
            EmbeddedMongoProperties props = new EmbeddedMongoProperties(data, true, DataSize.ofBytes(0),
                    DataSize.ofBytes(0), "127.0.0.1", 0, false);
            List<Integer> acknowledged;
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(props);
                 MongoClient client = MongoClients.create(server.connectionString()
                         + "/?serverSelectionTimeoutMS=3000&connectTimeoutMS=2000")) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                docs.insertOne(new Document("_id", 0).append("p", "first"));
                Path filler = disk.fill(256 * 1024);
                acknowledged = insertUntilRefused(docs, 1);
                acknowledged.add(0);

                Files.deleteIfExists(filler);
                // The watchdog reopens a closed engine within about a second; the driver reconnects.
                long deadline = System.currentTimeMillis() + 15_000;
                boolean written = false;
                while (!written && System.currentTimeMillis() < deadline) {
                    try {
                        docs.insertOne(new Document("_id", -1).append("p", "after"));
                        written = true;
                    } catch (MongoException e) {
                        Thread.sleep(200);
                    }
                }
                assertThat(written).as("writes accepted again after space returned").isTrue();
                for (int id : acknowledged) {
                    assertThat(docs.find(eq("_id", id)).first()).as("acknowledged document %s", id).isNotNull();
                }
            }
        }
    }

    /** Inserts until the store refuses; every refusal must be the storage-full error, never another one. */
    private static List<Integer> insertUntilRefused(MongoCollection<Document> docs, int from) throws Exception {
        List<Integer> acknowledged = new ArrayList<>();
        for (int i = from; i < from + 10_000; i++) {
            try {
                docs.insertOne(new Document("_id", i).append("p", PAYLOAD + i));
                acknowledged.add(i);
            } catch (MongoException e) {
                assertThat(StorageFull.is(e)).as("refused as OutOfDiskSpace, not %s", e).isTrue();
                return acknowledged;
            }
        }
        throw new AssertionError("the small disk never filled");
    }
}
