package jp.renkei.server.audit;

import java.security.Principal;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.AbstractSubProtocolEvent;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/** Records STOMP sessions opening and closing (SP-AUD-01: login time and access period). */
@Component
class LiveAuditListener {

    private final AuditTrail audit;

    LiveAuditListener(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void onConnected(SessionConnectedEvent event) {
        record(event, "live.connect");
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        record(event, "live.disconnect");
    }

    private void record(AbstractSubProtocolEvent event, String action) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        Principal user = event.getUser();
        String sessionId = headers.getSessionId();
        var attributes = headers.getSessionAttributes();
        if (attributes == null && headers.getHeader(SimpMessageHeaderAccessor.CONNECT_MESSAGE_HEADER)
                instanceof org.springframework.messaging.Message<?> connect) {
            attributes = SimpMessageHeaderAccessor.getSessionAttributes(connect.getHeaders()); // CONNECTED carries the CONNECT
        }
        audit.record(new AuditEntry(user == null ? "-" : user.getName(), action, "live-session", sessionId, null,
                true, "ok", AuditHandshakeInterceptor.originOf(attributes)));
    }
}
