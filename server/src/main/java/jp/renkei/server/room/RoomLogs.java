package jp.renkei.server.room;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to rooms: the only way anything is written to a room's log.
 *
 * <p>After an append, the room snapshot is refreshed under the room's write lock and the event is queued;
 * every {@link RoomEventListener} is told once the lock is released (at the end of the outermost
 * {@link #exclusive} or {@link #append} on this thread), one event at a time per room, in sequence order.
 * So the next command on the same room waits for the durable write only, not for the fan-out, while the
 * caller still returns only after its events were handed over (its own subscriptions have them before
 * its reply, and a slow fan-out slows the poster, not the room). Listeners must not append to a room and
 * must cope with events of different rooms arriving in any order across threads. A listener that throws
 * is logged and the others are still told: the event is stored whatever a listener does.
 */
@Component
public class RoomLogs {

    private static final Logger logger = LoggerFactory.getLogger(RoomLogs.class);

    private final EventRepository events;
    private final RoomRepository rooms;
    private final Projections projections;
    private final RoomCache cache;
    private final JsonMapper json;
    private final List<RoomEventListener> listeners;
    private final AuditTrail audit;
    private final Map<String, RoomLog> logs = new ConcurrentHashMap<>();

    RoomLogs(EventRepository events, RoomRepository rooms, Projections projections, RoomCache cache,
             JsonMapper json, List<RoomEventListener> listeners, AuditTrail audit) {
        this.audit = audit;
        this.events = events;
        this.rooms = rooms;
        this.projections = projections;
        this.cache = cache;
        this.json = json;
        this.listeners = listeners;
        cache.beforeFirstLoad(this::recover);
    }

    /**
     * Catches the room's derived state up with its log (events stored after the recorded head, left
     * by a crash). Cheap when there is nothing to do: one lookup of the ids after the head.
     */
    void recover(String roomId) {
        try {
            exclusive(roomId, () -> null);
        } catch (DomainException e) {
            if (e.code() != ErrorCode.ROOM_NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Runs {@code action} holding the room's write lock, with its log caught up; use it to check and
     * append as one step. {@link #append} may be called inside.
     */
    public <T> T exclusive(String roomId, Supplier<T> action) {
        RoomLog log = log(roomId);
        try {
            return log.exclusive(action, this::tell);
        } catch (DomainException e) {
            forgetIfAbsent(roomId, log, e);
            throw e;
        }
    }

    /**
     * Appends an event with server time now; durable when this returns.
     *
     * @param content the kind-specific content record, stored as JSON
     * @param txnKey  the client transaction, or {@code null}
     * @param audit   the command's audit entry, written right before the event's durable insert so that
     *                one durable write stores both; {@link CommandAudit#none()} if the caller records
     *                its own entries
     * @throws DomainException {@code ROOM_NOT_FOUND} if the room does not exist
     * @throws IllegalStateException if the command's audit entry could not be written (nothing is
     *     appended then)
     */
    public StoredEvent append(String roomId, EventKind kind, Person sender, Object content, String txnKey,
                              CommandAudit audit) {
        return append(roomId, kind, sender, content, txnKey, audit, Instant.now());
    }

    /** Appends with a given time; only demo data uses a time other than now. */
    public StoredEvent append(String roomId, EventKind kind, Person sender, Object content, String txnKey,
                              CommandAudit audit, Instant ts) {
        RoomLog log = log(roomId);
        String body = json.writeValueAsString(content);
        try {
            return log.exclusive(() -> {
                StoredEvent event = log.append(kind, sender, ts, body, txnKey, audit);
                log.queue(event, cache.refresh(roomId).orElseThrow());
                return event;
            }, this::tell);
        } catch (DomainException e) {
            forgetIfAbsent(roomId, log, e);
            throw e;
        }
    }

    /** Tells every listener of one event; one failing listener does not keep the event from the others. */
    private void tell(StoredEvent event, Room after) {
        for (RoomEventListener listener : listeners) {
            try {
                listener.onEvent(event, after);
            } catch (RuntimeException e) {
                // Ids only: never the event's contents.
                logger.error("Listener {} failed on event {}: {}", listener.getClass().getSimpleName(), event.eventId(),
                        e.getClass().getName());
            }
        }
    }

    /** How many rooms have a writer on this node (for tests and metrics). */
    int writerCount() {
        return logs.size();
    }

    /** Drops the writer of a room that does not exist, so probing random ids keeps no memory. */
    private void forgetIfAbsent(String roomId, RoomLog log, DomainException e) {
        if (e.code() == ErrorCode.ROOM_NOT_FOUND && !log.isLoaded()) {
            logs.remove(roomId, log);
        }
    }

    private RoomLog log(String roomId) {
        return logs.computeIfAbsent(roomId, id -> new RoomLog(id, events, rooms, projections, audit));
    }
}
