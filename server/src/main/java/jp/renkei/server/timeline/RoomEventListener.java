package jp.renkei.server.timeline;

import jp.renkei.server.room.Room;

/**
 * Told of every event appended on this node, after it and everything derived from it are stored,
 * with the room as it is after the event. The live layer implements it to deliver events.
 * (A cluster adds a change-stream feed that calls it for events appended on other nodes.)
 */
public interface RoomEventListener {

    void onEvent(StoredEvent event, Room roomAfter);

    /** A member's read marker moved forward; {@code roomAfter} holds the new marker. */
    default void onReadMarker(Room roomAfter, String userId, long readSeq) {
    }
}
