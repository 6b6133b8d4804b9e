package jp.renkei.server.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The storage contract on a real MongoDB replica set (a single-member set, as Testcontainers starts
 * it), with the production write concern. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ReplicaSetStorageTest extends StorageContract {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    private static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MONGO.getReplicaSetUrl());
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    MongoDatabase database() {
        return client.getDatabase("renkei").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
    }
}
