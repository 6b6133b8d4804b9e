package jp.renkei.server.live;

import jp.renkei.policy.Action;
import jp.renkei.server.room.StoredEvent;

/**
 * Another shape of a room's timeline, served on destinations of its own, registered by a feature
 * (the calendar's family view on {@code /family/{roomId}}) by declaring a bean that implements it.
 * The live layer subscribes, catches up, de-duplicates and orders exactly as for the staff timeline
 * ({@code /room/{roomId}}); the view decides only the destinations, the policy action and the shape.
 */
public interface RoomView {

    /** Whether {@code destination} belongs to this view (well-formed or not); must not throw. */
    boolean handles(String destination);

    /** The room id in a destination this view {@linkplain #handles handles}, or {@code null} if malformed. */
    String roomIdOf(String destination);

    /** The destination this view's messages for {@code roomId} are sent to. */
    String destination(String roomId);

    /**
     * The policy action a user needs, asked when subscribing and again before every delivery; a user
     * who no longer has it gets {@code revoked} and the subscription ends.
     */
    Action access();

    /**
     * The message for an event, or {@code null} if this view does not carry the event (the
     * subscription then just moves past its seq). Called once per event for all subscribers, on the
     * appending thread; must not block and must be safe to call concurrently.
     */
    byte[] toWireBytes(StoredEvent event);
}
