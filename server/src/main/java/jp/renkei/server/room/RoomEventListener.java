package jp.renkei.server.room;


/**
 * Told of every event appended on this node, after it and everything derived from it are stored,
 * with the room as it is after the event. The live layer implements it to deliver events.
 * (A cluster adds a change-stream feed that calls it for events appended on other nodes.)
 *
 * <p>Called on the appending thread. Commands append inside {@link RoomLogs#exclusive}, so a listener
 * usually runs while that room's write lock is held: it must be quick, must not append to a room, and
 * must not wait for another room's lock. Events of one room may reach a listener from several threads
 * in any order (a node catching up after a crash, or, in a cluster, events from other nodes); a
 * listener that needs order restores it by {@code seq}.
 */
public interface RoomEventListener {

    /**
     * An event was appended and its derived state is stored.
     *
     * @param event     the stored event
     * @param roomAfter the room snapshot after the event (members, markers, head)
     */
    void onEvent(StoredEvent event, Room roomAfter);

    /** A member's read marker moved forward; {@code roomAfter} holds the new marker. */
    default void onReadMarker(Room roomAfter, String userId, long readSeq) {
    }

    /**
     * Cluster mode: an event appended by another node, seen through the change-stream feed, with this
     * node's room snapshot refreshed to (at least) that event. Only live delivery implements it: what
     * else reacts to an event (notifications, escalations) runs once, on the node that appended it.
     * Called on the feed's thread; the same rules as {@link #onEvent} apply.
     */
    default void onRemoteEvent(StoredEvent event, Room roomAfter) {
    }

    /** Cluster mode: a member's read marker moved on another node (as {@link #onReadMarker}). */
    default void onRemoteReadMarker(Room roomAfter, String userId, long readSeq) {
    }
}
