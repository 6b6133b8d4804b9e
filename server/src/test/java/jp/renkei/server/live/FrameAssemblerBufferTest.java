package jp.renkei.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Spring's STOMP handler raises a session's text buffer to 16 KiB + 256 characters when it starts;
 * {@link FrameAssembler} puts the container's small buffer back (issue 6: 33 KB per idle session).
 */
class FrameAssemblerBufferTest {

    @Test
    void theContainersSmallTextBufferIsRestoredAfterTheHandlerRaisedIt() throws Exception {
        Session session = new Session(WebSocketConfiguration.CONTAINER_BUFFER);
        FrameAssembler assembler = new FrameAssembler(new AbstractWebSocketHandler() {
            @Override
            public void afterConnectionEstablished(WebSocketSession s) {
                s.setTextMessageSizeLimit(16 * 1024 + 256); // what StompSubProtocolHandler does
            }
        }, 65_536, 65_536);

        assembler.afterConnectionEstablished(session);

        assertThat(session.textLimit).isEqualTo(WebSocketConfiguration.CONTAINER_BUFFER);
        assertThat(assembler.supportsPartialMessages()).isTrue();
    }

    /** Just enough of a session to observe the text buffer limit. */
    private static final class Session implements WebSocketSession {
        int textLimit;
        private final Map<String, Object> attributes = new HashMap<>();

        Session(int textLimit) {
            this.textLimit = textLimit;
        }

        @Override public String getId() { return "s1"; }
        @Override public URI getUri() { return null; }
        @Override public HttpHeaders getHandshakeHeaders() { return new HttpHeaders(); }
        @Override public Map<String, Object> getAttributes() { return attributes; }
        @Override public Principal getPrincipal() { return null; }
        @Override public InetSocketAddress getLocalAddress() { return null; }
        @Override public InetSocketAddress getRemoteAddress() { return null; }
        @Override public String getAcceptedProtocol() { return "v12.stomp"; }
        @Override public void setTextMessageSizeLimit(int limit) { textLimit = limit; }
        @Override public int getTextMessageSizeLimit() { return textLimit; }
        @Override public void setBinaryMessageSizeLimit(int limit) { }
        @Override public int getBinaryMessageSizeLimit() { return 0; }
        @Override public List<WebSocketExtension> getExtensions() { return List.of(); }
        @Override public void sendMessage(WebSocketMessage<?> message) { }
        @Override public boolean isOpen() { return true; }
        @Override public void close() { }
        @Override public void close(CloseStatus status) { }
    }
}
