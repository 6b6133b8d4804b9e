package jp.renkei.server.notify;

import java.util.Collection;

import org.springframework.stereotype.Component;

/**
 * The way the escalation of unacknowledged urgent notes (module {@code oncall}) sends Web Push: to
 * members of the room as {@code urgent}, or, to someone who may not read the room, a content-free
 * {@code attention}. Both go through the notify thread with the usual checks at send time (account
 * active; for members, membership and {@code RECEIVE_EVENT}; the user's kinds), except that quiet hours
 * never hold back an escalation. A separate class so that the routing of urgent notes stays apart from
 * the per-event notifications of {@link RoomNotifications}.
 */
@Component
public class EscalationPush {

    private final Notifications notifications;

    EscalationPush(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Sends {@code urgent} to each of {@code userIds} who may still receive the room's events. */
    public void toMembers(String roomId, Collection<String> userIds) {
        for (String userId : userIds) {
            notifications.submit(() -> notifications.escalateToMember(roomId, userId));
        }
    }

    /** Sends a content-free {@code attention}; the caller has asked the policy ({@code RECEIVE_ESCALATION_ALERT}). */
    public void attention(String userId) {
        notifications.submit(() -> notifications.attention(userId));
    }
}
