package jp.renkei.server.error;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;

/**
 * Recognises a write the database refused because its storage is full: MongoDB's {@code OutOfDiskSpace}
 * error (code {@value #CODE}), answered both by a real MongoDB and by the embedded store's guard. The
 * edges answer it with {@code STORAGE_FULL} (HTTP 507, STOMP error reply) instead of {@code INTERNAL},
 * and log no stack trace for it: it is a state of the machine, reported once by the store.
 */
public final class StorageFull {

    /** MongoDB's {@code OutOfDiskSpace}. */
    public static final int CODE = 14031;

    private StorageFull() {
    }

    /** Whether {@code e} or one of its causes is a refusal for lack of storage. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoBulkWriteException bulk) {
                for (BulkWriteError error : bulk.getWriteErrors()) {
                    if (error.getCode() == CODE) {
                        return true;
                    }
                }
            }
            if (t instanceof MongoException m && m.getCode() == CODE) {
                return true;
            }
        }
        return false;
    }
}
