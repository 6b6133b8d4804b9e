package jp.renkei.server.room;


/**
 * Told of every event appended on this node, after it and everything derived from it are stored,
 * with the room as it is after the event. The live layer implements it to deliver events.
 *
 * <p>Called after the room's write lock is released, by the appending thread or another appender of
 * the same room, one event of a room at a time and in sequence order (see {@link RoomLogs}); the
 * appending command waits for it before answering, so a listener should be quick. It must not append to
 * a room and must not wait for a room's lock. Events of different rooms arrive on several threads at
 * once. In a cluster, events appended on other nodes may arrive by another path in any order; a
 * listener that needs order there restores it by {@code seq}.
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
