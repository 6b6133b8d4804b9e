package jp.renkei.server.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;

/**
 * Ties each WebSocket to the HTTP session it was opened with (the handshake copies the session id,
 * see {@code WebSocketConfiguration}), so that ending the session closes the socket (SP-AUTH-06,
 * SP-AUTHZ-05). Frames from a socket whose session has ended are dropped and the socket closed.
 *
 * <p>Activity: SEND, SUBSCRIBE and CONNECT frames count as the user's activity; heart-beats and the
 * server's deliveries do not, so a screen left open that only receives notes still times out
 * (クリアスクリーン). A session that locks (a registered device idle for the lock delay) has its sockets
 * closed with {@link AuthSessions#SESSION_LOCKED}, 4423: nothing is delivered while it is locked, and
 * after the unlock the client reconnects and resumes each room with {@code since-seq}, gap-free.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketSessionGuard implements WebSocketMessageBrokerConfigurer {

    private final AuthSessions sessions;

    WebSocketSessionGuard(AuthSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.addDecoratorFactory(Guard::new);
    }

    private final class Guard extends WebSocketHandlerDecorator {

        Guard(WebSocketHandler delegate) {
            super(delegate);
        }

        @Override
        public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
            if (!sessions.attach(httpSessionId(socket), socket)) {
                socket.close(sessions.isLocked(httpSessionId(socket)) ? AuthSessions.SESSION_LOCKED
                        : AuthSessions.SESSION_ENDED);
                return;
            }
            super.afterConnectionEstablished(socket);
        }

        @Override
        public void handleMessage(WebSocketSession socket, WebSocketMessage<?> message) throws Exception {
            String id = httpSessionId(socket);
            String user = socket.getPrincipal() == null ? null : socket.getPrincipal().getName();
            if (id == null || user == null || !sessions.isLive(id, user)) {
                // Locked (SP-AUTH-06): no deliveries until the passkey unlocks it; the client resumes with since-seq.
                socket.close(sessions.isLocked(id) ? AuthSessions.SESSION_LOCKED : AuthSessions.SESSION_ENDED);
                return;
            }
            if (countsAsActivity(message)) {
                sessions.touch(id);
            }
            super.handleMessage(socket, message);
        }

        @Override
        public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) throws Exception {
            sessions.detach(httpSessionId(socket), socket);
            super.afterConnectionClosed(socket, status);
        }
    }

    private static String httpSessionId(WebSocketSession socket) {
        Object id = socket.getAttributes().get(HttpSessionHandshakeInterceptor.HTTP_SESSION_ID_ATTR_NAME);
        return id instanceof String s ? s : null;
    }

    private static boolean countsAsActivity(WebSocketMessage<?> message) {
        if (!(message instanceof TextMessage text)) {
            return false;
        }
        String payload = text.getPayload();
        int i = 0;
        while (i < payload.length() && (payload.charAt(i) == '\n' || payload.charAt(i) == '\r')) {
            i++;
        }
        return payload.startsWith("SEND", i) || payload.startsWith("SUBSCRIBE", i) || payload.startsWith("CONNECT", i);
    }
}
