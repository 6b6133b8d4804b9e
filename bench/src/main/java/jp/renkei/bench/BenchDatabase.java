package jp.renkei.bench;

import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.crypto.MasterKey;
import jp.renkei.server.crypto.RoomKeys;
import jp.renkei.server.room.EventRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jp.renkei.server.store.EmbeddedMongoServer;

/**
 * A fresh embedded database in a temporary folder, reached through the official driver over loopback
 * exactly as the server reaches it: database {@code renkei}, with the server's write and read concern
 * (see {@code MongoConfiguration}). The folder is deleted on {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {

    private final Path dir;
    private final EmbeddedMongoServer server;
    private final MongoClient client;
    private final MongoDatabase db;
    private final EventRepository events;

    private BenchDatabase(Path dir, boolean fsync) {
        this.dir = dir;
        this.server = EmbeddedMongoServer.start(dir, fsync);
        this.client = MongoClients.create(server.connectionString());
        this.db = client.getDatabase("renkei")
                .withWriteConcern(WriteConcern.MAJORITY.withJournal(true))
                .withReadConcern(ReadConcern.DEFAULT);
        // Bodies are encrypted as on the server (SP-CRY-01), under a throw-away master key.
        this.events = new EventRepository(db, new ContentCipher(new RoomKeys(db, MasterKey.generate())));
    }

    /** The event repository over this database, encrypting as the server does. */
    EventRepository events() {
        return events;
    }

    /** Starts an empty database; {@code fsync} as in {@code renkei.embedded.fsync}. */
    static BenchDatabase start(String name, boolean fsync) {
        try {
            return new BenchDatabase(Files.createTempDirectory("renkei-bench-" + name + "-"), fsync);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MongoDatabase db() {
        return db;
    }

    /** Size of the database file, in bytes. */
    long fileBytes() {
        try {
            return Files.size(server.file());
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
