package jp.renkei.server.store;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The embedded server's H2 backend, made durable: every command that changed data is committed to
 * the file before its reply (the driver's acknowledgement) is sent.
 *
 * <p>Why: the stock {@link H2Backend} commits about once a second in the background, so acknowledged
 * writes are lost when the process dies (platform facts: 1,129 of 3,000 recovered). Committing here
 * writes the change to the operating system before the reply, which survives a process crash; with
 * {@code fsync} on, the file is also forced to the device, which survives power loss.
 *
 * <p>A write that says it need not be journaled ({@code writeConcern: {j: false}}) is not committed
 * on its own: it is stored by the next durable write's commit or the background commit. Renkei sends
 * {@code j: false} only for state it can rebuild from the event log ({@link WriteConcerns#DERIVED}).
 *
 * <p>Group commit: {@link MVStore#commit()} is serialised inside MVStore, and a writer whose change a
 * concurrent commit already stored finds nothing left to store. Forcing the file is grouped the same
 * way: one {@code sync} makes every commit finished before it durable, so writers that waited for it
 * do not sync again.
 *
 * <p>A full disk: writes are refused with MongoDB's own {@code OutOfDiskSpace} error (code
 * {@value #OUT_OF_DISK_SPACE}) while {@link StorageSpace} says the data folder is below its margin, and
 * a write that still meets a full disk (space taken by another process meanwhile) is answered the
 * same way; reads are never refused. If the engine closed itself on such a failure,
 * {@link EmbeddedMongoServer} reopens it once space returns.
 *
 * <p>Storage format: collections and unique indexes are stored with {@link BsonDocumentType} and
 * {@link IndexKeyType} ({@link StorageFormat}); call {@link StorageFormat#prepare} on the store first.
 */
final class DurableH2Backend extends H2Backend {

    /** MongoDB's error code for a write refused because the disk is full; the application maps it. */
    static final int OUT_OF_DISK_SPACE = 14031;
    /** Commands that only read: served whatever the free space. Anything else counts as a write. */
    private static final java.util.Set<String> READS = java.util.Set.of("find", "getmore", "count", "aggregate",
            "distinct", "listcollections", "listindexes", "listdatabases", "hello", "ismaster", "ping", "buildinfo",
            "getlasterror", "killcursors", "endsessions", "dbstats", "collstats", "serverstatus", "whatsmyuri",
            "getcmdlineopts", "getparameter", "connectionstatus", "getlog", "hostinfo");

    private final MVStore store;
    private final boolean fsync;
    private final StorageSpace space;
    private final Object commitLock = new Object();
    private final Object syncLock = new Object();
    /** Number of commits made; guarded by commitLock for writes, read under syncLock. */
    private volatile long committed;
    /** Commits known to be on the device; guarded by syncLock. */
    private long synced;

    DurableH2Backend(MVStore store, boolean fsync, StorageSpace space) {
        super(store);
        this.store = store;
        this.fsync = fsync;
        this.space = space;
    }

    /** The operation log is kept in memory, ordered and pruned ({@link MemoryOplog}), not in the file. */
    @Override
    protected de.bwaldvogel.mongo.oplog.Oplog createOplog() {
        return new MemoryOplog(getClock(), getCursorRegistry());
    }

    /** The operation log, if enabled ({@link #enableOplog()}), else {@code null}. */
    MemoryOplog memoryOplog() {
        return oplog instanceof MemoryOplog m ? m : null;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new CompactDatabase(databaseName);
    }

    /**
     * Opens new collection and index maps with Renkei's storage types before mongo-java-server opens
     * them by name (it then gets the map already open). An inner class on purpose: H2Database's
     * constructor already calls these methods, and the enclosing instance (hence the store) is set before
     * that, unlike a field of this class.
     */
    private final class CompactDatabase extends H2Database {

        CompactDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            StorageFormat.openDataMap(getMvStore(), StorageFormat.DATA_PREFIX + getFullCollectionNamespace(collectionName));
            return super.openOrCreateCollection(collectionName, options);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            StorageFormat.openIndexMap(getMvStore(),
                    getFullCollectionNamespace(collectionName) + StorageFormat.INDEX_MARKER + indexName);
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!READS.contains(command.toLowerCase(java.util.Locale.ROOT)) && !space.writesAllowed()) {
            space.refused();
            throw outOfDiskSpace();
        }
        try {
            try {
                Document result = super.handleCommand(channel, databaseName, command, query);
                MemoryOplog log = memoryOplog();
                if (log != null && "findandmodify".equalsIgnoreCase(command)) {
                    log.findAndModify(databaseName, query, result);
                }
                return result;
            } finally {
                // Also after a failed command: a partly applied insertMany must be as durable as its reply says.
                if (wantsJournal(query) && store.hasUnsavedChanges()) {
                    makeDurable();
                }
            }
        } catch (RuntimeException e) {
            if (isDiskFull(e)) {
                space.refused();
                throw outOfDiskSpace();
            }
            throw e;
        }
    }

    private static MongoServerError outOfDiskSpace() {
        return new MongoServerError(OUT_OF_DISK_SPACE, "OutOfDiskSpace",
                "The data folder's disk is full (or below its safety margin); nothing was written");
    }

    /** Whether a failure came from the file system having no space left (H2 wraps the IOException). */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof java.io.IOException && message != null
                    && (message.contains("No space left") || message.contains("Disk quota exceeded"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private void makeDurable() {
        long ticket;
        synchronized (commitLock) {
            store.commit();
            ticket = ++committed;
        }
        if (!fsync) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= ticket) {
                return; // a sync that started after our commit already forced it to the device
            }
            long upTo = committed;
            store.sync();
            synced = upTo;
        }
    }

    /** Whether the command's write concern asks for journaling; absent means yes (the safe default). */
    private static boolean wantsJournal(Document query) {
        Object writeConcern = query == null ? null : query.get("writeConcern");
        if (writeConcern instanceof Document wc) {
            return !Boolean.FALSE.equals(wc.get("j"));
        }
        return true;
    }
}
