package jp.renkei.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The embedded store can listen on a chosen port for other nodes, never on a public address, and keeps an oplog on request. */
class EmbeddedListenTest {

    @TempDir
    Path dir;

    @Test
    void listensOnTheConfiguredPortAndServesChangeStreamsWithTheOplog() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedMongoProperties props = new EmbeddedMongoProperties(dir, false, DataSize.ofBytes(0), DataSize.ofBytes(0),
                "127.0.0.1", port, true);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(props);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            assertThat(server.connectionString()).endsWith(":" + port);
            var coll = client.getDatabase("renkei").getCollection("probe");
            try (MongoCursor<ChangeStreamDocument<Document>> changes = coll.watch().cursor()) {
                coll.insertOne(new Document("_id", "a"));
                ChangeStreamDocument<Document> change = changes.next();
                assertThat(change.getFullDocument()).containsEntry("_id", "a");
            }
        }
    }

    @Test
    void refusesAPublicAddress() {
        assertThatThrownBy(() -> EmbeddedMongoServer.checkedListenAddress("8.8.8.8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private");
        assertThat(EmbeddedMongoServer.checkedListenAddress("10.1.2.3").getHostAddress()).isEqualTo("10.1.2.3");
        assertThat(EmbeddedMongoServer.checkedListenAddress("192.168.0.5").isSiteLocalAddress()).isTrue();
    }
}
