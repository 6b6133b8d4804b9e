package jp.renkei.server.live;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/** Forgets a session's subscriptions when its connection closes, however it closes. */
@Component
class SessionLifecycle {

    private final LiveRegistry registry;
    private final java.util.List<LiveTopic> topics;

    SessionLifecycle(LiveRegistry registry, java.util.List<LiveTopic> topics) {
        this.registry = registry;
        this.topics = topics;
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        registry.removeSession(event.getSessionId());
        topics.forEach(t -> t.sessionClosed(event.getSessionId()));
    }
}
