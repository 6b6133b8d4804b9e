package jp.renkei.server.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomRepository;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to rooms. After an append, the room snapshot is refreshed and listeners are told,
 * outside the room's lock; listeners cope with events arriving out of order between rooms' threads.
 */
@Component
public class RoomLogs {

    private final EventRepository events;
    private final RoomRepository rooms;
    private final Projections projections;
    private final RoomCache cache;
    private final JsonMapper json;
    private final List<RoomEventListener> listeners;
    private final Map<String, RoomLog> logs = new ConcurrentHashMap<>();

    RoomLogs(EventRepository events, RoomRepository rooms, Projections projections, RoomCache cache,
             JsonMapper json, List<RoomEventListener> listeners) {
        this.events = events;
        this.rooms = rooms;
        this.projections = projections;
        this.cache = cache;
        this.json = json;
        this.listeners = listeners;
    }

    /**
     * Runs {@code action} holding the room's write lock, with its log caught up; use it to check and
     * append as one step. {@link #append} may be called inside.
     */
    public <T> T exclusive(String roomId, Supplier<T> action) {
        return log(roomId).exclusive(action);
    }

    /**
     * Appends an event with server time now.
     *
     * @param content the kind-specific content record, stored as JSON
     * @param txnKey  the client transaction, or {@code null}
     */
    public StoredEvent append(String roomId, EventKind kind, Person sender, Object content, String txnKey) {
        return append(roomId, kind, sender, content, txnKey, Instant.now());
    }

    /** Appends with a given time; only demo data uses a time other than now. */
    public StoredEvent append(String roomId, EventKind kind, Person sender, Object content, String txnKey,
                              Instant ts) {
        StoredEvent event = log(roomId).append(kind, sender, ts, json.writeValueAsString(content), txnKey);
        Room after = cache.refresh(roomId).orElseThrow();
        for (RoomEventListener listener : listeners) {
            listener.onEvent(event, after);
        }
        return event;
    }

    private RoomLog log(String roomId) {
        return logs.computeIfAbsent(roomId, id -> new RoomLog(id, events, rooms, projections));
    }
}
