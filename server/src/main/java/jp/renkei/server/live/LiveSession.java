package jp.renkei.server.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One STOMP connection of a logged-in user, with the subscriptions Renkei serves itself: replies,
 * inbox, and room timelines.
 */
final class LiveSession {

    private final String id;
    private final String userId;
    private volatile String repliesSubscription;
    private volatile String inboxSubscription;
    private final Map<String, RoomSubscription> rooms = new ConcurrentHashMap<>();

    LiveSession(String id, String userId) {
        this.id = id;
        this.userId = userId;
    }

    String id() {
        return id;
    }

    String userId() {
        return userId;
    }

    String repliesSubscription() {
        return repliesSubscription;
    }

    void repliesSubscription(String subscriptionId) {
        this.repliesSubscription = subscriptionId;
    }

    String inboxSubscription() {
        return inboxSubscription;
    }

    void inboxSubscription(String subscriptionId) {
        this.inboxSubscription = subscriptionId;
    }

    Map<String, RoomSubscription> rooms() {
        return rooms;
    }
}
