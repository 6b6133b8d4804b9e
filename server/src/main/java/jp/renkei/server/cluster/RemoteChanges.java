package jp.renkei.server.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jp.renkei.protocol.EventKind;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.room.StoredEvent;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Applies other nodes' changes to this node: refreshes the room cache and hands their events and read
 * markers to the listeners' remote methods ({@link RoomEventListener#onRemoteEvent}: live delivery only).
 *
 * <p><b>Snapshot first.</b> An event is handed over only with a room snapshot whose head has reached it,
 * so a subscriber's access is checked against the room as it is after the event (a member removed by event
 * {@code n} gets neither {@code n} nor anything later). The appending node inserts an event before it
 * updates the room document, so an event from the {@code events} stream usually waits here ({@code
 * pending}) until the {@code rooms} stream brings the room's update. Every writer applies all earlier
 * events' room updates before it inserts the next event, so a room whose head reached {@code n} reflects
 * every event up to {@code n}.
 *
 * <p><b>Read markers.</b> The {@code rooms} stream says which room changed, not what (the embedded store
 * gives no update description), so markers are compared with the ones this feed last saw. A marker moved
 * by the member's own post is not a receipt (as on the appending node); local {@code rooms.read} commands
 * update the comparison through {@link #onReadMarker}, so their receipts are not sent twice.
 *
 * <p><b>After an interruption</b> ({@link #resync}): every room this node holds is read again; events after
 * its old head are handed over (at most the last {@value #RESYNC_MAX}; subscriptions fill any earlier gap
 * from the store at their next event) and markers compared.
 */
final class RemoteChanges implements RoomEventListener {

    static final int RESYNC_MAX = 100;

    private final RoomCache cache;
    private final EventRepository events;
    private final ObjectProvider<RoomEventListener> listeners;
    private final String origin;
    private final Object lock = new Object();
    /** Other nodes' events waiting for a snapshot that reached them, by room then seq. Guarded by lock. */
    private final Map<String, NavigableMap<Long, StoredEvent>> pending = new HashMap<>();
    /** Read markers as this feed last saw them, by room then user. */
    private final Map<String, Map<String, Long>> markers = new ConcurrentHashMap<>();
    /** The listeners other than this, resolved on first use (they include this bean's dependents). */
    private volatile List<RoomEventListener> others;
    /** The latest event seen per room (own or remote), to tell a marker moved by a post without a read. */
    private final Map<String, StoredEvent> lastEvent = new ConcurrentHashMap<>();

    RemoteChanges(RoomCache cache, EventRepository events, ObjectProvider<RoomEventListener> listeners) {
        this.cache = cache;
        this.events = events;
        this.listeners = listeners;
        this.origin = events.origin();
    }

    /** A document inserted into {@code events} (the stream already leaves out this node's own). */
    void eventInserted(Document stored) {
        if (stored == null || origin.equals(stored.getString("origin"))) {
            return;
        }
        StoredEvent event = events.fromDocument(stored);
        synchronized (lock) {
            pending.computeIfAbsent(event.roomId(), id -> new TreeMap<>()).put(event.seq(), event);
            Room cached = cache.cached(event.roomId()).orElse(null);
            if (cached != null) {
                release(event.roomId(), cached);
            }
        }
    }

    /** A room document changed (membership, consent, grants, closure, head, read markers). */
    void roomChanged(String roomId) {
        Room before = cache.cached(roomId).orElse(null);
        Room after = cache.refresh(roomId).orElse(null);
        if (after == null) {
            return;
        }
        synchronized (lock) {
            release(roomId, after);
            compareMarkers(before, after);
        }
    }

    /** After a stream was interrupted: reads every room this node holds again (see the class comment). */
    void resync() {
        for (String roomId : cache.cachedIds()) {
            Room before = cache.cached(roomId).orElse(null);
            Room after = cache.refresh(roomId).orElse(null);
            if (before == null || after == null) {
                continue;
            }
            long head = after.head().seq();
            long from = Math.max(before.head().seq() + 1, head - RESYNC_MAX + 1);
            List<StoredEvent> missed = from <= head ? events.range(roomId, from, head) : List.of();
            synchronized (lock) {
                for (StoredEvent e : missed) {
                    pending.computeIfAbsent(roomId, id -> new TreeMap<>()).putIfAbsent(e.seq(), e);
                }
                release(roomId, after);
                compareMarkers(before, after);
            }
        }
    }

    /** Hands over, in seq order, the room's waiting events that {@code room}'s head has reached. Holds lock. */
    private void release(String roomId, Room room) {
        NavigableMap<Long, StoredEvent> waiting = pending.get(roomId);
        if (waiting == null) {
            return;
        }
        NavigableMap<Long, StoredEvent> ready = waiting.headMap(room.head().seq(), true);
        for (StoredEvent e : ready.values()) {
            lastEvent.merge(roomId, e, (old, neu) -> neu.seq() >= old.seq() ? neu : old);
            for (RoomEventListener l : others()) {
                l.onRemoteEvent(e, room);
            }
        }
        ready.clear();
        if (waiting.isEmpty()) {
            pending.remove(roomId);
        }
    }

    /** Announces read markers that moved since this feed last looked, except those a post moved. Holds lock. */
    private void compareMarkers(Room before, Room after) {
        Map<String, Long> known = markers.computeIfAbsent(after.id(), id -> markersOf(before != null ? before : after));
        for (Room.Member m : after.members().values()) {
            long was = known.getOrDefault(m.userId(), 0L);
            if (m.readSeq() <= was) {
                continue;
            }
            known.put(m.userId(), m.readSeq());
            if (movedByOwnPost(after.id(), m.userId(), m.readSeq())) {
                continue;
            }
            for (RoomEventListener l : others()) {
                l.onRemoteReadMarker(after, m.userId(), m.readSeq());
            }
        }
        known.keySet().retainAll(after.members().keySet());
    }

    private List<RoomEventListener> others() {
        List<RoomEventListener> list = others;
        if (list == null) {
            list = listeners.orderedStream().filter(l -> l != this).toList();
            others = list;
        }
        return list;
    }

    private static Map<String, Long> markersOf(Room room) {
        Map<String, Long> out = new ConcurrentHashMap<>();
        room.members().values().forEach(m -> out.put(m.userId(), m.readSeq()));
        return out;
    }

    /** Whether {@code seq} is the member's own post or edit (which moves their marker without a receipt). */
    private boolean movedByOwnPost(String roomId, String userId, long seq) {
        StoredEvent last = lastEvent.get(roomId);
        StoredEvent e = last != null && last.seq() == seq ? last : events.find(roomId, seq).orElse(null);
        return e != null && (e.kind() == EventKind.NOTE_POSTED || e.kind() == EventKind.NOTE_EDITED)
                && e.sender() != null && userId.equals(e.sender().userId());
    }

    /** This node's own append: remembered so that the marker it moves is recognised without a read. */
    @Override
    public void onEvent(StoredEvent event, Room roomAfter) {
        lastEvent.merge(event.roomId(), event, (old, neu) -> neu.seq() >= old.seq() ? neu : old);
    }

    /** This node's own {@code rooms.read}: its receipt went out locally, the feed must not send it again. */
    @Override
    public void onReadMarker(Room roomAfter, String userId, long readSeq) {
        Map<String, Long> known = markers.get(roomAfter.id());
        if (known != null) {
            known.merge(userId, readSeq, Math::max);
        }
    }

    /** Events waiting for their room's snapshot (health detail). */
    int pendingCount() {
        synchronized (lock) {
            return pending.values().stream().mapToInt(Map::size).sum();
        }
    }
}
