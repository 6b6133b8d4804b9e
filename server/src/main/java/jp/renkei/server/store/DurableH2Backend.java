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
 * <p>Storage format: collections and unique indexes are stored with {@link BsonDocumentType} and
 * {@link IndexKeyType} ({@link StorageFormat}); call {@link StorageFormat#prepare} on the store first.
 */
final class DurableH2Backend extends H2Backend {

    private final MVStore store;
    private final boolean fsync;
    private final Object commitLock = new Object();
    private final Object syncLock = new Object();
    /** Number of commits made; guarded by commitLock for writes, read under syncLock. */
    private volatile long committed;
    /** Commits known to be on the device; guarded by syncLock. */
    private long synced;

    DurableH2Backend(MVStore store, boolean fsync) {
        super(store);
        this.store = store;
        this.fsync = fsync;
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
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // Also after a failed command: a partly applied insertMany must be as durable as its reply says.
            if (wantsJournal(query) && store.hasUnsavedChanges()) {
                makeDurable();
            }
        }
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
