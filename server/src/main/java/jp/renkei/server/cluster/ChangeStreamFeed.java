package jp.renkei.server.cluster;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import jp.renkei.server.store.ChangeStreamFollower;
import jp.renkei.server.store.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The cluster bus: two change streams, one per collection that must be live across nodes, each followed
 * on a daemon thread of its own ({@link ChangeStreamFollower}) from the node's start until its context closes.
 * <ul>
 *   <li>{@code events}, inserts by other nodes (their {@code origin} differs from this node's): their
 *       events, handed to {@link RemoteChanges};</li>
 *   <li>{@code rooms}, updates by any node: the room is read again into the cache (membership, consent,
 *       grants, closure, head, read markers), which releases waiting events and announces moved markers.</li>
 * </ul>
 * Everything else (accounts, notifications, the audit trail, sessions) stays per node or is read from the
 * store when used (docs/architecture.md, "Cluster mode").
 */
final class ChangeStreamFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeStreamFeed.class);

    private final ChangeStreamFollower eventsStream;
    private final ChangeStreamFollower roomsStream;
    private final String origin;
    private volatile boolean running;

    ChangeStreamFeed(MongoDatabase db, RemoteChanges remote, String origin) {
        this.origin = origin;
        this.eventsStream = new ChangeStreamFollower("events", db.getCollection(Collections.EVENTS),
                List.of(Aggregates.match(Filters.and(Filters.eq("operationType", "insert"),
                        Filters.ne("fullDocument.origin", origin)))),
                change -> remote.eventInserted(change.getFullDocument()), remote::resync);
        this.roomsStream = new ChangeStreamFollower("rooms", db.getCollection(Collections.ROOMS),
                List.of(Aggregates.match(Filters.in("operationType", "update", "replace"))),
                change -> remote.roomChanged(change.getDocumentKey().getString("_id").getValue()), remote::resync);
    }

    @Override
    public void start() {
        log.info("Cluster mode: node {} follows the events and rooms change streams", origin);
        roomsStream.start();
        eventsStream.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        eventsStream.stop();
        roomsStream.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    List<ChangeStreamFollower.State> states() {
        return List.of(eventsStream.state(), roomsStream.state());
    }
}
