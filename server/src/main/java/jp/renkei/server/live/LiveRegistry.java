package jp.renkei.server.live;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** Who is connected, and which sessions subscribe to which room. */
@Component
class LiveRegistry {

    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<LiveSession>> sessionsByUser = new ConcurrentHashMap<>();
    private final Map<String, Set<RoomSubscription>> subscriptionsByRoom = new ConcurrentHashMap<>();

    /** The session with this id, registered on first use. */
    LiveSession session(String sessionId, String userId) {
        return sessions.computeIfAbsent(sessionId, id -> {
            LiveSession s = new LiveSession(id, userId);
            sessionsByUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(s);
            return s;
        });
    }

    LiveSession existing(String sessionId) {
        return sessions.get(sessionId);
    }

    Collection<LiveSession> sessionsOf(String userId) {
        Set<LiveSession> set = sessionsByUser.get(userId);
        return set == null ? List.of() : set;
    }

    Collection<RoomSubscription> subscriptionsOf(String roomId) {
        Set<RoomSubscription> set = subscriptionsByRoom.get(roomId);
        return set == null ? List.of() : set;
    }

    void add(RoomSubscription sub) {
        RoomSubscription previous = sub.session().rooms().put(sub.subscriptionId(), sub);
        if (previous != null) {
            remove(previous);
        }
        subscriptionsByRoom.computeIfAbsent(sub.roomId(), r -> ConcurrentHashMap.newKeySet()).add(sub);
    }

    void remove(RoomSubscription sub) {
        sub.session().rooms().remove(sub.subscriptionId(), sub);
        subscriptionsByRoom.computeIfPresent(sub.roomId(), (r, set) -> {
            set.remove(sub);
            return set.isEmpty() ? null : set;
        });
        synchronized (sub) {
            sub.close();
        }
    }

    /** Ends a subscription by id; also clears the replies or inbox subscription it may be. */
    void unsubscribe(String sessionId, String subscriptionId) {
        LiveSession session = sessions.get(sessionId);
        if (session == null) {
            return;
        }
        RoomSubscription sub = session.rooms().get(subscriptionId);
        if (sub != null) {
            remove(sub);
        }
        if (subscriptionId.equals(session.inboxSubscription())) {
            session.inboxSubscription(null);
        }
        if (subscriptionId.equals(session.repliesSubscription())) {
            session.repliesSubscription(null);
        }
    }

    void removeSession(String sessionId) {
        LiveSession session = sessions.remove(sessionId);
        if (session == null) {
            return;
        }
        session.rooms().values().forEach(this::remove);
        sessionsByUser.computeIfPresent(session.userId(), (u, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Open sessions on this node (the {@code renkei.live.sessions} gauge). */
    int sessionCount() {
        return sessions.size();
    }
}
