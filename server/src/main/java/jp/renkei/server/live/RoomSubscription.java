package jp.renkei.server.live;

/**
 * One session's subscription to one room's timeline. Its monitor orders everything sent on it: the
 * subscribe reply, catch-up and live events, so each event goes out once, in sequence order.
 */
final class RoomSubscription {

    private final LiveSession session;
    private final String subscriptionId;
    private final String roomId;
    /** The registered view this subscription is to, or {@code null} for the staff timeline. */
    private final RoomView view;
    /** The highest seq sent on this subscription; guarded by this. */
    private long delivered;
    private boolean closed;

    RoomSubscription(LiveSession session, String subscriptionId, String roomId, long delivered) {
        this(session, subscriptionId, roomId, delivered, null);
    }

    RoomSubscription(LiveSession session, String subscriptionId, String roomId, long delivered, RoomView view) {
        this.session = session;
        this.subscriptionId = subscriptionId;
        this.roomId = roomId;
        this.delivered = delivered;
        this.view = view;
    }

    /** The registered view, or {@code null} for the staff timeline. */
    RoomView view() {
        return view;
    }

    /** The destination this subscription's messages are sent to. */
    String destination() {
        return view != null ? view.destination(roomId) : jp.renkei.protocol.Destinations.room(roomId);
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
