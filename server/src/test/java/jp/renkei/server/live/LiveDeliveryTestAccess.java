package jp.renkei.server.live;

import java.util.function.Predicate;

import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;

/** The room-subscription helpers of {@link LiveDeliveryTest}, for tests in other packages. */
public final class LiveDeliveryTestAccess {

    private LiveDeliveryTestAccess() {
    }

    /** Subscribes to {@code room} and returns the head the server reported. */
    public static long subscribe(TestStompClient c, String room, String id, Long since) {
        return LiveDeliveryTest.subscribe(c, room, id, since);
    }

    /** Matches a room event MESSAGE of {@code room}. */
    public static Predicate<Frame> roomEvent(String room) {
        return LiveDeliveryTest.roomEvent(room);
    }
}
