package jp.renkei.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database file's storage format: which H2 types its maps use, and the one-time upgrade of
 * a file written by an earlier version.
 *
 * <p>mongo-java-server keeps each collection in an MVStore map named {@code databases.<db>.<coll>} and
 * each unique index in {@code <db>.<coll>._index_<name>}, opened with H2's default types. Renkei opens
 * them with {@link BsonDocumentType} and {@link IndexKeyType} instead. Document values need no upgrade
 * (old ones stay readable and are rewritten in the new form as their pages change); index maps are
 * ordered by their key type, so those of an older file are rebuilt once, inside one commit, before the
 * server starts.
 */
final class StorageFormat {

    private static final Logger log = LoggerFactory.getLogger(StorageFormat.class);

    static final String DATA_PREFIX = "databases.";
    static final String INDEX_MARKER = "._index_";
    private static final String FORMAT_MAP = "renkei.storage";
    private static final String FORMAT_KEY = "format";
    /** 2: BSON documents and BSON index keys. (1, implicit: H2's default types.) */
    static final int CURRENT = 2;

    private StorageFormat() {
    }

    /** Upgrades an older file and opens every existing collection and index map with Renkei's types. */
    static void prepare(MVStore store) {
        MVMap<String, Object> format = store.openMap(FORMAT_MAP);
        Object stored = format.get(FORMAT_KEY);
        List<String> names = new ArrayList<>(store.getMapNames());
        if (stored == null) {
            int rebuilt = 0;
            for (String name : names) {
                if (isIndexMap(name)) {
                    rebuildIndex(store, name);
                    rebuilt++;
                }
            }
            format.put(FORMAT_KEY, CURRENT);
            store.commit();
            if (rebuilt > 0) {
                log.info("Database file upgraded to storage format {} ({} indexes rebuilt)", CURRENT, rebuilt);
            }
        } else if (((Number) stored).intValue() > CURRENT) {
            throw new IllegalStateException("The database file has storage format " + stored
                    + ", newer than this server's " + CURRENT + "; run a newer Renkei");
        }
        for (String name : names) {
            if (isDataMap(name)) {
                openDataMap(store, name);
            } else if (isIndexMap(name)) {
                openIndexMap(store, name);
            }
        }
    }

    static boolean isDataMap(String name) {
        return name.startsWith(DATA_PREFIX);
    }

    static boolean isIndexMap(String name) {
        return !name.startsWith(DATA_PREFIX) && name.contains(INDEX_MARKER);
    }

    static MVMap<Object, Document> openDataMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
    }

    static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
    }

    /** Reads an index written with the default key type and writes it again in the new order. */
    private static void rebuildIndex(MVStore store, String name) {
        MVMap<Object, Object> old = store.openMap(name);
        List<Map.Entry<Object, Object>> entries = new ArrayList<>();
        for (Map.Entry<Object, Object> e : old.entrySet()) {
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        store.removeMap(old);
        MVMap<KeyValue, Object> rebuilt = openIndexMap(store, name);
        for (Map.Entry<Object, Object> e : entries) {
            rebuilt.put((KeyValue) e.getKey(), e.getValue());
        }
    }
}
