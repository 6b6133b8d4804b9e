package jp.renkei.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The embedded store's operation log (cluster mode): bounded by pruning, change streams keep working and
 * resume after pruning, and concurrent writers' changes all reach a reader (none overtaken and skipped).
 */
class OplogBoundsTest {

    @TempDir
    Path dir;

    private EmbeddedMongoServer start() {
        return EmbeddedMongoServer.start(new EmbeddedMongoProperties(dir, false, DataSize.ofBytes(0), DataSize.ofBytes(0),
                "127.0.0.1", 0, true, Duration.ofMinutes(10)));
    }

    @Test
    void pruningBoundsTheLogAndStreamsKeepWorkingAndResume() {
        try (EmbeddedMongoServer server = start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            BsonDocument token;
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = coll.watch().cursor()) {
                for (int i = 0; i < 500; i++) {
                    coll.insertOne(new Document("_id", "a" + i));
                }
                assertThat(server.oplogSize()).isEqualTo(500);
                // Entries within the retention stay; a retention in the past of every entry drops them all.
                server.pruneOplog();
                assertThat(server.oplogSize()).isEqualTo(500);
                for (int i = 0; i < 500; i++) {
                    assertThat(changes.next().getDocumentKey().getString("_id").getValue()).isEqualTo("a" + i);
                }
                token = changes.getResumeToken();
                server.pruneOplog(Duration.ofSeconds(-1));
                assertThat(server.oplogSize()).isZero();
                coll.insertOne(new Document("_id", "b0"));
                assertThat(changes.next().getDocumentKey().getString("_id").getValue()).isEqualTo("b0");
            }
            coll.insertOne(new Document("_id", "b1"));
            server.pruneOplog(Duration.ofSeconds(-1));
            coll.insertOne(new Document("_id", "b2"));
            // Resuming from a pruned position: the changes still kept follow (b1 was pruned).
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed = coll.watch().resumeAfter(token).cursor()) {
                assertThat(resumed.next().getDocumentKey().getString("_id").getValue()).isEqualTo("b2");
            }
            assertThat(server.oplogSize()).isEqualTo(1);
        }
    }

    @Test
    void aLargeInsertIsRecordedWithoutItsDocument() {
        try (EmbeddedMongoServer server = start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = coll.watch().cursor()) {
                coll.insertOne(new Document("_id", "chunk").append("data", new org.bson.types.Binary(new byte[200 * 1024])));
                coll.insertOne(new Document("_id", "small").append("data", "x"));
                ChangeStreamDocument<Document> big = changes.next();
                assertThat(big.getDocumentKey().getString("_id").getValue()).isEqualTo("chunk");
                assertThat(big.getFullDocument()).isNull();
                assertThat(changes.next().getFullDocument()).containsEntry("data", "x");
            }
            assertThat(server.oplogBytes()).isLessThan(MemoryOplog.MAX_FULL_DOCUMENT_BYTES);
        }
    }

    @Test
    void aStreamThatFiltersMostChangesOutLooksAtEachChangeOnce() {
        try (EmbeddedMongoServer server = start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            MongoCollection<Document> other = client.getDatabase("renkei").getCollection("other");
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = coll.watch(
                    java.util.List.of(com.mongodb.client.model.Aggregates.match(
                            com.mongodb.client.model.Filters.ne("fullDocument.origin", "me")))).cursor()) {
                for (int i = 0; i < 200; i++) {
                    coll.insertOne(new Document("_id", "own-" + i).append("origin", "me"));
                    other.insertOne(new Document("_id", "o-" + i));
                }
                long before = server.oplogEntriesLookedAt();
                for (int i = 0; i < 20; i++) {
                    assertThat(changes.tryNext()).isNull();
                }
                // 400 entries written: each looked at once, however often the stream asks (it was 20 × 400).
                assertThat(server.oplogEntriesLookedAt() - before).isLessThanOrEqualTo(400);
                coll.insertOne(new Document("_id", "theirs").append("origin", "other-node"));
                assertThat(changes.next().getDocumentKey().getString("_id").getValue()).isEqualTo("theirs");
            }
        }
    }

    @Test
    void aReplacementIsRecordedAsAReplaceWithTheWholeDocument() {
        try (EmbeddedMongoServer server = start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            coll.insertOne(new Document("_id", "s1").append("state", "open").append("user", "u-1"));
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = coll.watch().cursor()) {
                coll.replaceOne(new Document("_id", "s1"), new Document("state", "ended"));
                ChangeStreamDocument<Document> replaced = changes.next();
                assertThat(replaced.getOperationTypeString()).isEqualTo("replace");
                assertThat(replaced.getDocumentKey().getString("_id").getValue()).isEqualTo("s1");
                assertThat(replaced.getFullDocument()).isEqualTo(new Document("_id", "s1").append("state", "ended"));
            }
        }
    }

    @Test
    void findAndModifyIsRecordedLikeAnUpdate() {
        try (EmbeddedMongoServer server = start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            coll.insertOne(new Document("_id", "r1").append("n", 1));
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = coll.watch().cursor()) {
                coll.findOneAndUpdate(new Document("_id", "r1"), new Document("$max", new Document("n", 5)));
                coll.findOneAndUpdate(new Document("_id", "absent"), new Document("$max", new Document("n", 5)));
                coll.findOneAndDelete(new Document("_id", "r1"));
                ChangeStreamDocument<Document> updated = changes.next();
                assertThat(updated.getOperationTypeString()).isEqualTo("update");
                assertThat(updated.getDocumentKey().getString("_id").getValue()).isEqualTo("r1");
                ChangeStreamDocument<Document> deleted = changes.next();
                assertThat(deleted.getOperationTypeString()).isEqualTo("delete");
                assertThat(changes.tryNext()).isNull();
            }
        }
    }

    @Test
    void everyConcurrentWriteReachesAReaderOnceInLogOrder() throws Exception {
        try (EmbeddedMongoServer server = start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> coll = client.getDatabase("renkei").getCollection("probe");
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = coll.watch().cursor()) {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 6; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            coll.insertOne(new Document("_id", writer + ":" + i));
                        }
                    }));
                }
                Set<String> seen = new HashSet<>();
                // Read while the writers run: a reader that overtook a slower writer's entry would never see it.
                while (seen.size() < 1200) {
                    ChangeStreamDocument<Document> c = changes.next();
                    assertThat(seen.add(c.getDocumentKey().getString("_id").getValue())).isTrue();
                }
                for (Future<?> f : writers) {
                    f.get();
                }
                assertThat(changes.tryNext()).isNull();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
