package jp.renkei.server.room;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
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
 *
 * <p>Telling listeners (the live fan-out above all) is not part of the locked step: an append queues
 * its event with the room as it is after it, in sequence order (under the lock), and the events are
 * handed to the listeners after the lock is released, by one thread at a time per room, in the order
 * queued ({@link #dispatch}). So the next command on the room waits only for the durable write, never
 * for the fan-out, and listeners still see a room's events one at a time, in order.
 */
final class RoomLog {

    private static final int TAIL_BATCH = 32;
    /**
     * How long an appender waits for another thread to hand its event over. Bounded so that an appender
     * holding another room's lock can never wait forever on a dispatcher that needs that lock.
     */
    private static final long MAX_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final String roomId;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final Projections projections;
    /** Writes a command's audit entry right before the event insert (the durable write) carrying it. */
    private final AuditTrail audit;
    private long headSeq;
    private long headNotes;
    private boolean loaded;
    /** Appended events not yet handed to the listeners, in seq order. */
    private final Queue<Queued> outbox = new ConcurrentLinkedQueue<>();
    /** Whether a thread is handing events over (at most one per room). */
    private final AtomicBoolean dispatching = new AtomicBoolean();
    /** The seq of the last event queued; guarded by this. */
    private long queuedSeq;
    /** The seq of the last event handed over; written under {@link #handedOver}. */
    private volatile long handedOverSeq;
    /** Monitor for waiting until an event has been handed over. */
    private final Object handedOver = new Object();

    /** An appended event and the room snapshot right after it. */
    record Queued(StoredEvent event, Room roomAfter) {
    }

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
        loadAndCatchUp();
        return action.get();
    }

    /** Loads the log; in cluster mode, also applies what other nodes appended since. Call holding the lock. */
    private void loadAndCatchUp() {
        load();
        if (events.origin() != null && events.find(roomId, headSeq + 1).isPresent()) {
            // Cluster mode: another node appended since (perhaps stopping before its projections): apply
            // its events first, so that this command's checks (duplicate transaction, note version) see them.
            catchUpTail();
        }
    }

    /**
     * Runs {@code action} holding the write lock, then, once the lock is released (not inside an
     * enclosing {@code exclusive} of this room on this thread, whose end does it), hands every queued event
     * to {@code listeners} and returns when the events queued up to the end of {@code action} have been
     * handed over (by this thread or the one already doing it). A failing action still has its events
     * handed over.
     */
    <T> T exclusive(Supplier<T> action, BiConsumer<StoredEvent, Room> listeners) {
        long upTo = 0;
        // Nested inside this room's own exclusive (an append within a command): already caught up under the
        // same lock, so the cluster-mode lookup is not made a second time.
        boolean outermost = !Thread.holdsLock(this);
        try {
            synchronized (this) {
                try {
                    if (outermost) {
                        loadAndCatchUp();
                    } else {
                        load();
                    }
                    return action.get();
                } finally {
                    upTo = queuedSeq;
                }
            }
        } finally {
            if (!Thread.holdsLock(this)) {
                dispatch(listeners, upTo);
            }
        }
    }

    /** Queues an appended event for the listeners. Call holding the lock, right after {@link #append}. */
    synchronized void queue(StoredEvent event, Room roomAfter) {
        outbox.add(new Queued(event, roomAfter));
        queuedSeq = event.seq();
    }

    /**
     * Hands queued events to the listeners, one thread at a time, in order; then waits until the event
     * {@code upTo} has been handed over if another thread is doing it. Never call holding the lock.
     */
    private void dispatch(BiConsumer<StoredEvent, Room> listeners, long upTo) {
        while (!outbox.isEmpty() && dispatching.compareAndSet(false, true)) {
            try {
                Queued q;
                while ((q = outbox.poll()) != null) {
                    listeners.accept(q.event(), q.roomAfter());
                    synchronized (handedOver) {
                        handedOverSeq = q.event().seq();
                        handedOver.notifyAll();
                    }
                }
            } finally {
                dispatching.set(false);
            }
            // An event queued after our last poll but before the flag was cleared is taken by the loop.
        }
        boolean timedOut;
        synchronized (handedOver) {
            boolean interrupted = false;
            long giveUpAt = System.nanoTime() + MAX_WAIT_NANOS;
            timedOut = false;
            while (handedOverSeq < upTo && (dispatching.get() || !outbox.isEmpty())) {
                if (System.nanoTime() - giveUpAt > 0) {
                    // The other thread is still handing over (a socket stuck up to its send limit): the event is
                    // stored and will go out; the caller stops waiting for it.
                    timedOut = true;
                    break;
                }
                try {
                    handedOver.wait(10);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (!dispatching.get() && !outbox.isEmpty()) {
                    break; // the dispatcher stopped with events left: take over below
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!timedOut && handedOverSeq < upTo && !outbox.isEmpty()) {
            dispatch(listeners, upTo);
        }
    }

    /** Appends an event and applies everything derived from it. Call inside {@link #exclusive}. */
    synchronized StoredEvent append(EventKind kind, Person sender, Instant ts, String body, String txnKey,
                                    CommandAudit command) {
        load();
        while (true) {
            long seq = headSeq + 1;
            long notes = headNotes + (kind == EventKind.NOTE_POSTED ? 1 : 0);
            StoredEvent event = new StoredEvent(roomId, seq, kind, sender, ts, notes, txnKey, body);
            audit.writeBefore(command, event.eventId()); // once: a retry after a lost seq writes nothing more
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
