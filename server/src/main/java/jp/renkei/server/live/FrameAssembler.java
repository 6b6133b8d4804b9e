package jp.renkei.server.live;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Lets the container hand over WebSocket messages in parts and assembles them here, up to
 * {@code maxChars} (text, in characters, as Tomcat's buffer counted them) or {@code maxBytes}
 * (binary); a larger message closes the connection with 1009 (message too big), as the container did
 * when its own buffer held the whole message.
 *
 * <p>Why: Tomcat allocates its text and binary message buffers per session when the session opens,
 * at the configured maximum. At the 64 KiB frame limit that was 128 KiB (64 Ki chars) + 64 KiB for
 * every idle connection, most of a session's heap. With this decorator the container buffers are a
 * few KiB ({@link WebSocketConfiguration}) and a larger message costs memory only while it arrives.
 * Spring has no such assembler (its STOMP decoder buffers STOMP frames, but refuses oversize ones with
 * an ERROR frame, not 1009, and never sees partial messages unless a handler asks for them), hence
 * this small class.
 */
final class FrameAssembler extends WebSocketHandlerDecorator {

    /** Session attribute holding a message in assembly (absent when none is). */
    private static final String PARTIAL = FrameAssembler.class.getName() + ".partial";

    /** Marks a session whose message was refused: later parts are dropped. */
    private static final Object REFUSED = new Object();

    private final int maxChars;
    private final int maxBytes;

    FrameAssembler(WebSocketHandler delegate, int maxChars, int maxBytes) {
        super(delegate);
        this.maxChars = maxChars;
        this.maxBytes = maxBytes;
    }

    /**
     * Spring's STOMP handler raises the session's text buffer to 16 KiB + 256 characters when the
     * session starts ({@code StompSubProtocolHandler.MINIMUM_WEBSOCKET_MESSAGE_SIZE}: 33 KB of
     * {@code char[]} per idle connection), which it needs only when messages arrive whole. Messages
     * arrive in parts here, so the container's small buffer is put back before the first one.
     */
    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        int containerBuffer = session.getTextMessageSizeLimit();
        super.afterConnectionEstablished(session);
        if (session.isOpen() && session.getTextMessageSizeLimit() != containerBuffer) {
            session.setTextMessageSizeLimit(containerBuffer);
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        Object partial = session.getAttributes().get(PARTIAL);
        if (partial == REFUSED) {
            return; // the rest of a message already refused; the connection is closing
        }
        if (partial == null && message.isLast()) {
            super.handleMessage(session, message); // the common case: the whole message in one part
            return;
        }
        if (message instanceof TextMessage text) {
            StringBuilder sb = partial instanceof StringBuilder b ? b : new StringBuilder(text.getPayloadLength() * 2);
            if (sb.length() + text.getPayload().length() > maxChars) {
                tooBig(session);
                return;
            }
            sb.append(text.getPayload());
            if (!message.isLast()) {
                session.getAttributes().put(PARTIAL, sb);
                return;
            }
            session.getAttributes().remove(PARTIAL);
            super.handleMessage(session, new TextMessage(sb.toString()));
        } else if (message instanceof BinaryMessage binary) {
            ByteArrayOutputStream out = partial instanceof ByteArrayOutputStream o ? o : new ByteArrayOutputStream();
            ByteBuffer payload = binary.getPayload();
            if (out.size() + payload.remaining() > maxBytes) {
                tooBig(session);
                return;
            }
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            out.write(bytes);
            if (!message.isLast()) {
                session.getAttributes().put(PARTIAL, out);
                return;
            }
            session.getAttributes().remove(PARTIAL);
            super.handleMessage(session, new BinaryMessage(out.toByteArray()));
        } else {
            super.handleMessage(session, message); // ping/pong frames are never partial
        }
    }

    private static void tooBig(WebSocketSession session) throws Exception {
        session.getAttributes().put(PARTIAL, REFUSED);
        session.close(CloseStatus.TOO_BIG_TO_PROCESS);
    }
}
