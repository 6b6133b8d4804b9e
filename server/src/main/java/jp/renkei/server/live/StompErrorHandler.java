package jp.renkei.server.live;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditHandshakeInterceptor;
import jp.renkei.server.audit.AuditTrail;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Frames the server could not process at all (unparsable frames, a refused CONNECT) are answered with
 * a STOMP ERROR frame carrying a {@code code} header from {@link ErrorCode}, after which the connection
 * closes as STOMP 1.2 requires; the client reconnects and resumes with {@code since-seq}. Everything
 * that parses but fails (bad JSON, bad fields, unknown rooms) is answered on {@code /me/replies} and
 * the connection stays open.
 */
@Component
class StompErrorHandler extends StompSubProtocolErrorHandler {

    private final AuditTrail audit;

    StompErrorHandler(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        ErrorCode code = classify(clientMessage, ex);
        if (clientMessage != null) {
            // A refused frame (a CONNECT without a valid CSRF token, an unparsable frame) is a denial (SP-AUD-01).
            StompHeaderAccessor frame = StompHeaderAccessor.wrap(clientMessage);
            java.security.Principal user = frame.getUser();
            audit.record(new AuditEntry(user == null ? "-" : user.getName(),
                    "live." + (frame.getCommand() == null ? "frame" : frame.getCommand().name().toLowerCase(java.util.Locale.ROOT)),
                    "live-session", frame.getSessionId(), null, false, code.code(),
                    AuditHandshakeInterceptor.originOf(frame.getSessionAttributes())));
        }
        StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
        accessor.setMessage(code.message());
        accessor.setNativeHeader("code", code.code());
        accessor.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }

    private static ErrorCode classify(Message<byte[]> clientMessage, Throwable ex) {
        Throwable cause = ex instanceof MessageDeliveryException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof StompConversionException) {
            return cause.getMessage() != null && cause.getMessage().contains("limit")
                    ? ErrorCode.TOO_LARGE : ErrorCode.MALFORMED_FRAME;
        }
        if (clientMessage == null) {
            // Spring passes no message when decoding the frame failed: an unknown command throws
            // IllegalArgumentException, an empty content-type InvalidMimeTypeException (found by
            // StompFuzzTest). Either way the client sent an unparsable frame, not a server fault.
            return ErrorCode.MALFORMED_FRAME;
        }
        if (cause instanceof jp.renkei.server.error.DomainException refused) {
            // A frame the interceptor refuses as a whole (e.g. UNSUPPORTED_FRAME for BEGIN or ACK).
            return refused.code();
        }
        if (cause instanceof AccessDeniedException) {
            return ErrorCode.FORBIDDEN;
        }
        if (jp.renkei.server.error.StorageFull.is(cause)) {
            return ErrorCode.STORAGE_FULL;
        }
        if (cause instanceof IllegalStateException && cause.getMessage() != null
                && (cause.getMessage().startsWith("Session already exists") || cause.getMessage().startsWith("Unknown session"))) {
            // Spring's STOMP handler asserts the frame order: a second CONNECT, or a frame before
            // CONNECT (found by StompFuzzTest). A protocol violation by the client.
            return ErrorCode.MALFORMED_FRAME;
        }
        return ErrorCode.INTERNAL;
    }
}
