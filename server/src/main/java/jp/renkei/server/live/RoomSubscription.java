package jp.renkei.server.live;

/**
 * One session's subscription to one room's timeline. Its monitor orders everything sent on it: the
 * subscribe reply, catch-up and live events, so each event goes out once, in sequence order.
 */
final class RoomSubscription {

    private final LiveSession session;
    private final String subscriptionId;
    private final String roomId;
    /** A family-view subscription ({@code /family/{roomId}}): calendar events only, family-safe fields. */
    private final boolean family;
    /** The highest seq sent on this subscription; guarded by this. */
    private long delivered;
    private boolean closed;

    RoomSubscription(LiveSession session, String subscriptionId, String roomId, long delivered) {
        this(session, subscriptionId, roomId, delivered, false);
    }

    RoomSubscription(LiveSession session, String subscriptionId, String roomId, long delivered, boolean family) {
        this.session = session;
        this.subscriptionId = subscriptionId;
        this.roomId = roomId;
        this.delivered = delivered;
        this.family = family;
    }

    boolean family() {
        return family;
    }

    /** The destination this subscription's messages are sent to. */
    String destination() {
        return family ? jp.renkei.protocol.Destinations.family(roomId) : jp.renkei.protocol.Destinations.room(roomId);
    }

    LiveSession session() {
        return session;
    }

    String subscriptionId() {
        return subscriptionId;
    }

    String roomId() {
        return roomId;
    }

    /** Guarded by this. */
    long delivered() {
        return delivered;
    }

    /** Guarded by this. */
    void delivered(long seq) {
        this.delivered = seq;
    }

    /** Guarded by this. */
    boolean closed() {
        return closed;
    }

    /** Guarded by this. */
    void close() {
        this.closed = true;
    }
}
