package jp.renkei.server.audit;

import java.net.InetSocketAddress;
import java.util.Map;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Keeps the client's address from the WebSocket handshake in the STOMP session's attributes, so that
 * audit entries of STOMP frames say from where (SP-AUD-01).
 */
public final class AuditHandshakeInterceptor implements HandshakeInterceptor {

    /** Session attribute holding the client address. */
    public static final String ORIGIN = "renkei.audit.origin";

    /** The client address kept in a STOMP session's attributes, or {@code null}. */
    public static String originOf(Map<String, Object> sessionAttributes) {
        Object origin = sessionAttributes == null ? null : sessionAttributes.get(ORIGIN);
        return origin instanceof String s ? s : null;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            attributes.put(ORIGIN, remote.getAddress().getHostAddress());
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
