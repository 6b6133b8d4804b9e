package jp.renkei.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <p>Limits to design around (measured; see docs/architecture.md): secondary indexes are ignored (only
 * {@code _id} lookups are fast), no transactions, no TTL, and {@code findOneAndUpdate} with
 * {@code ReturnDocument.AFTER} is not atomic under concurrency.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    /** How often a store that closed itself (a write met a full disk) is checked for reopening. */
    private static final long REOPEN_CHECK_MILLIS = 1000;

    private final Path file;
    private final boolean fsync;
    private final StorageSpace space;
    private final InetSocketAddress address;
    private final ScheduledExecutorService watchdog;
    /** The engine and the server on it; replaced together when the engine is reopened. Guarded by this. */
    private MVStore store;
    private MongoServer server;
    private boolean closed;

    private EmbeddedMongoServer(Path file, boolean fsync, StorageSpace space) {
        this.file = file;
        this.fsync = fsync;
        this.space = space;
        open();
        // Loopback only: the embedded database is never reachable from another machine.
        server.bind(InetAddress.getLoopbackAddress().getHostAddress(), 0);
        this.address = server.getLocalAddress();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-db-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::reopenIfClosed, REOPEN_CHECK_MILLIS, REOPEN_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void open() {
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        StorageFormat.prepare(store);
        this.server = new MongoServer(new DurableH2Backend(store, fsync, space));
    }

    /** Opens (or creates) the database file in {@code dataDir} and starts listening on loopback. */
    public static EmbeddedMongoServer start(Path dataDir, boolean fsync) {
        return start(EmbeddedMongoProperties.of(dataDir, fsync));
    }

    /** Opens (or creates) the database file in the configured folder and starts listening on loopback. */
    public static EmbeddedMongoServer start(EmbeddedMongoProperties properties) {
        Path dataDir = properties.dataDir();
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
        StorageSpace space = new StorageSpace(dataDir, properties.minFree().toBytes(), properties.warnFree().toBytes());
        EmbeddedMongoServer server = new EmbeddedMongoServer(file, properties.fsync(), space);
        if (posix) {
            try {
                // The file is created by H2 with the umask's permissions (often rw-r--r--): the owner's alone.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                log.warn("Cannot make the database file {} owner-only (rw-------): {}", file, e.toString());
            }
        }
        log.info("Embedded database {} listening on {} (fsync on commit: {})", file, server.address, properties.fsync());
        return server;
    }

    /**
     * If the storage engine closed itself (a write met a full disk despite the margin), reopens it on
     * the same port once there is space again: the driver reconnects by itself, and everything
     * acknowledged before is there (MVStore ignores the unfinished chunk of the failed commit).
     */
    synchronized void reopenIfClosed() {
        if (closed || !store.isClosed() || space.level() == StorageSpace.Level.FULL) {
            return;
        }
        try {
            server.shutdownNow();
            open();
            server.bind(address.getHostString(), address.getPort());
            log.warn("Embedded database {} reopened after its storage engine closed itself", file);
        } catch (RuntimeException e) {
            log.error("Embedded database {} could not be reopened yet: {}", file, e.getClass().getName());
        }
    }

    /** The connection string of this server for the MongoDB driver. */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Free space of the data folder, as the write guard sees it. */
    public StorageSpace space() {
        return space;
    }

    /** Whether the storage engine is open (false after it closed itself, until reopened). */
    public synchronized boolean isOpen() {
        return !closed && !store.isClosed();
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchdog.shutdownNow();
        server.shutdownNow();
        if (!store.isClosed()) {
            store.close();
        }
        log.info("Embedded database closed");
    }
}
