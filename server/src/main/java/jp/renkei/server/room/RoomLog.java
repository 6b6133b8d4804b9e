package jp.renkei.server.room;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.error.DomainException;

/**
 * The writer of one room's event log on this node. Appends are serialised per room (this object's
 * monitor), so sequence numbers are handed out without gaps and a command's checks (duplicate
 * transaction, current note version) and its append happen as one step.
 *
 * <p>Across nodes, the unique {@code roomId:seq} id decides: a writer that finds its seq taken
 * reads the events it missed, applies them, and takes the next number. In cluster mode a command also
 * looks up the next seq before its checks (one key lookup) and catches up if another node appended.
 */
final class RoomLog {

    private static final int TAIL_BATCH = 32;

    private final String roomId;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final Projections projections;
    /** Writes a command's audit entry right before the event insert (the durable write) carrying it. */
    private final AuditTrail audit;
    private long headSeq;
    private long headNotes;
    private boolean loaded;

    RoomLog(String roomId, EventRepository events, RoomRepository rooms, Projections projections,
            AuditTrail audit) {
        this.audit = audit;
        this.roomId = roomId;
        this.events = events;
        this.rooms = rooms;
        this.projections = projections;
    }

    /** Runs {@code action} while holding this room's write lock, with the log caught up. */
    synchronized <T> T exclusive(Supplier<T> action) {
        load();
        if (events.origin() != null && events.find(roomId, headSeq + 1).isPresent()) {
            // Cluster mode: another node appended since (perhaps stopping before its projections): apply
            // its events first, so that this command's checks (duplicate transaction, note version) see them.
            catchUpTail();
        }
        return action.get();
    }

    /** Appends an event and applies everything derived from it. Call inside {@link #exclusive}. */
    synchronized StoredEvent append(EventKind kind, Person sender, Instant ts, String body, String txnKey,
                                    CommandAudit command) {
        load();
        while (true) {
            long seq = headSeq + 1;
            long notes = headNotes + (kind == EventKind.NOTE_POSTED ? 1 : 0);
            StoredEvent event = new StoredEvent(roomId, seq, kind, sender, ts, notes, txnKey, body);
            audit.writeBefore(command); // once: a retry after a lost seq writes nothing more
            if (events.insert(event)) {
                projections.apply(event);
                headSeq = seq;
                headNotes = notes;
                return event;
            }
            // Another writer took this seq: catch up and try the next one.
            catchUpTail();
        }
    }

    synchronized boolean isLoaded() {
        return loaded;
    }

    private void load() {
        if (loaded) {
            return;
        }
        Room room = rooms.find(roomId).orElseThrow(() -> new DomainException(ErrorCode.ROOM_NOT_FOUND));
        headSeq = room.head().seq();
        headNotes = room.head().notes();
        // Events stored after the recorded head (a crash between an append and its projections).
        catchUpTail();
        if (room.consent().inForce() && room.consent().scope() == null) {
            repairConsentScope();
        }
        loaded = true;
    }

    /**
     * A consent stored before the room kept the consent's scope: the latest {@code consent.recorded}
     * is read again from the log (newest first, once per room), so the scope is enforced (SP-CON-01).
     */
    private void repairConsentScope() {
        for (long to = headSeq; to >= 1; to -= TAIL_BATCH) {
            List<StoredEvent> batch = events.range(roomId, to - TAIL_BATCH + 1, to);
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (batch.get(i).kind() == EventKind.CONSENT_RECORDED) {
                    projections.consentRecorded(batch.get(i));
                    return;
                }
            }
        }
    }

    private void catchUpTail() {
        while (true) {
            List<StoredEvent> tail = events.range(roomId, headSeq + 1, headSeq + TAIL_BATCH);
            for (StoredEvent e : tail) {
                if (e.seq() != headSeq + 1) {
                    return;
                }
                projections.apply(e);
                headSeq = e.seq();
                headNotes = e.notes();
            }
            if (tail.size() < TAIL_BATCH) {
                return;
            }
        }
    }
}
