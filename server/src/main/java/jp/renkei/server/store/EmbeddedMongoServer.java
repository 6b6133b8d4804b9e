package jp.renkei.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, file-backed MongoDB-compatible server (mongo-java-server with its H2 backend),
 * listening on a free loopback port. The application reaches it through the official driver, over
 * the same code path as a real MongoDB.
 *
 * <p>Limits to design around (see shared/platform-facts.md): secondary indexes are ignored (only
 * {@code _id} lookups are fast), no transactions, no TTL, and {@code findOneAndUpdate} with
 * {@code ReturnDocument.AFTER} is not atomic under concurrency.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MVStore store;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path file;

    private EmbeddedMongoServer(Path file, boolean fsync) {
        this.file = file;
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        StorageFormat.prepare(store);
        this.server = new MongoServer(new DurableH2Backend(store, fsync));
        // Loopback only: the embedded database is never reachable from another machine.
        server.bind(InetAddress.getLoopbackAddress().getHostAddress(), 0);
        this.address = server.getLocalAddress();
    }

    /** Opens (or creates) the database file in {@code dataDir} and starts listening on loopback. */
    public static EmbeddedMongoServer start(Path dataDir, boolean fsync) {
        boolean posix = dataDir.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dataDir) && posix) {
                // Owner-only (rwx------), whatever the umask: the data is patients' records.
                Files.createDirectories(dataDir.toAbsolutePath().getParent());
                Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dataDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("renkei.mv").toAbsolutePath();
        EmbeddedMongoServer server = new EmbeddedMongoServer(file, fsync);
        if (posix) {
            try {
                // The file is created by H2 with the umask's permissions (often rw-r--r--): the owner's alone.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                log.warn("Cannot make the database file {} owner-only (rw-------): {}", file, e.toString());
            }
        }
        log.info("Embedded database {} listening on {} (fsync on commit: {})", file, server.address, fsync);
        return server;
    }

    /** The connection string of this server for the MongoDB driver. */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        server.shutdownNow();
        if (!store.isClosed()) {
            store.close();
        }
        log.info("Embedded database closed");
    }
}
