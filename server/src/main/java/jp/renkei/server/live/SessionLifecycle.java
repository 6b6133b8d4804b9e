package jp.renkei.server.live;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/** Forgets a session's subscriptions when its connection closes, however it closes. */
@Component
class SessionLifecycle {

    private final LiveRegistry registry;

    SessionLifecycle(LiveRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        registry.removeSession(event.getSessionId());
    }
}
