package jp.renkei.server.store;

import java.nio.file.Files;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on the embedded, file-backed server. */
class EmbeddedStorageTest extends StorageContract {

    private static EmbeddedMongoServer server;
    private static MongoClient client;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedMongoServer.start(Files.createTempDirectory("renkei-storage"), false);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    MongoDatabase database() {
        return client.getDatabase("renkei");
    }
}
