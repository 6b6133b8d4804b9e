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
 * listening on a free loopback port (or a configured private address and port, for other nodes). The application reaches it through the official driver, over
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
    /** How often the operation log is pruned (cluster mode). */
    private static final long OPLOG_PRUNE_SECONDS = 30;

    private final Path file;
    private final boolean fsync;
    private final StorageSpace space;
    private final InetSocketAddress address;
    private final ScheduledExecutorService watchdog;
    /** The engine and the server on it; replaced together when the engine is reopened. Guarded by this. */
    private MVStore store;
    private MongoServer server;
    private boolean closed;

    private final boolean oplog;
    private final java.time.Duration oplogRetention;
    /** The backend's operation log, when kept; replaced with the backend. Guarded by this. */
    private MemoryOplog memoryOplog;

    private EmbeddedMongoServer(Path file, boolean fsync, StorageSpace space, String listenAddress, int port,
                                boolean oplog, java.time.Duration oplogRetention) {
        this.file = file;
        this.fsync = fsync;
        this.space = space;
        this.oplog = oplog;
        this.oplogRetention = oplogRetention;
        open();
        // Loopback unless a private address is configured (cluster nodes on one network): never public.
        server.bind(checkedListenAddress(listenAddress).getHostAddress(), port);
        this.address = server.getLocalAddress();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-db-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::reopenIfClosed, REOPEN_CHECK_MILLIS, REOPEN_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        if (oplog) {
            watchdog.scheduleWithFixedDelay(this::pruneOplog, OPLOG_PRUNE_SECONDS, OPLOG_PRUNE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Drops operation-log entries older than the retention (and beyond the size cap); see {@link MemoryOplog}. */
    void pruneOplog() {
        pruneOplog(oplogRetention);
    }

    /** As {@link #pruneOplog()} with another retention (tests). */
    synchronized void pruneOplog(java.time.Duration retention) {
        if (memoryOplog != null) {
            memoryOplog.prune(retention);
        }
    }

    /** Estimated bytes of documents the operation log keeps now ({@code 0} without one). */
    synchronized long oplogBytes() {
        return memoryOplog == null ? 0 : memoryOplog.bytes();
    }

    /** Entries the operation log keeps now ({@code 0} without one). */
    synchronized int oplogSize() {
        return memoryOplog == null ? 0 : memoryOplog.size();
    }

    /** How many log entries change-stream cursors have looked at so far (for tests: each at most once). */
    synchronized long oplogEntriesLookedAt() {
        return memoryOplog == null ? 0 : memoryOplog.lookedAt();
    }

    private void open() {
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        StorageFormat.prepare(store);
        DurableH2Backend backend = new DurableH2Backend(store, fsync, space);
        if (oplog) {
            backend.enableOplog();
        }
        this.memoryOplog = backend.memoryOplog();
        this.server = new MongoServer(backend);
    }

    /**
     * The address to listen on, refused unless it is loopback, link-local or private (RFC 1918 / RFC 4193):
     * the embedded server has no authentication, so it must never face a public network.
     */
    static InetAddress checkedListenAddress(String listenAddress) {
        InetAddress address;
        try {
            address = InetAddress.getByName(listenAddress);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("renkei.embedded.listen-address: unknown address " + listenAddress, e);
        }
        boolean privateV6 = address instanceof java.net.Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        if (!(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || privateV6)) {
            throw new IllegalArgumentException("renkei.embedded.listen-address must be a loopback or private address, not "
                    + listenAddress + ": the embedded database has no authentication");
        }
        return address;
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
        EmbeddedMongoServer server = new EmbeddedMongoServer(file, properties.fsync(), space,
                properties.listenAddress(), properties.port(), properties.oplog(), properties.oplogRetention());
        if (posix) {
            try {
                // The file is created by H2 with the umask's permissions (often rw-r--r--): the owner's alone.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                log.warn("Cannot make the database file {} owner-only (rw-------): {}", file, e.toString());
            }
        }
        log.info("Embedded database {} listening on {} (fsync on commit: {}, operation log: {})", file, server.address,
                properties.fsync(), properties.oplog());
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
