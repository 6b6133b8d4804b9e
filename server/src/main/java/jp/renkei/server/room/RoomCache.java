package jp.renkei.server.room;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

/**
 * Current room snapshots for authorization on every path, including the delivery of each event.
 * Every change to a room on this node refreshes its entry; a snapshot with a lower {@code rev} never
 * replaces a newer one. (In cluster mode, other nodes' changes reach it through the change-stream
 * feed of package {@code cluster}, which refreshes the entry on every change of the room document.)
 *
 * <p>Unbounded by design for now: a snapshot is small and a city has a few thousand rooms.
 */
@Component
public class RoomCache {

    private final RoomRepository repository;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private volatile Consumer<String> beforeFirstLoad = roomId -> { };

    public RoomCache(RoomRepository repository) {
        this.repository = repository;
    }

    /**
     * Runs before a room is first loaded on this node: the event log uses it to re-apply events the
     * room's stored state may lag (after a crash), so no reader sees a stale head.
     */
    public void beforeFirstLoad(Consumer<String> hook) {
        this.beforeFirstLoad = hook;
    }

    public Optional<Room> get(String roomId) {
        Room cached = rooms.get(roomId);
        if (cached != null) {
            return Optional.of(cached);
        }
        beforeFirstLoad.accept(roomId);
        return refresh(roomId);
    }

    /** The snapshot this node holds, without loading one (cluster feed). */
    public Optional<Room> cached(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    /** The rooms this node holds snapshots of (the cluster feed refreshes them after an interruption). */
    public java.util.Set<String> cachedIds() {
        return java.util.Set.copyOf(rooms.keySet());
    }

    /** Reloads a room after it changed. */
    public Optional<Room> refresh(String roomId) {
        Optional<Room> loaded = repository.find(roomId);
        loaded.ifPresent(fresh -> rooms.merge(roomId, fresh, (old, neu) -> neu.rev() >= old.rev() ? neu : old));
        return loaded.map(r -> rooms.get(roomId));
    }
}
