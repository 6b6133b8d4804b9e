package jp.renkei.server.live;

import java.util.Map;

import jp.renkei.protocol.Destinations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends STOMP MESSAGE frames to one subscription of one session. The outbound channel runs in the
 * calling thread (see {@link WebSocketConfiguration}), so frames sent in order by one thread reach
 * the socket in that order.
 */
@Component
class FrameSender {

    private final ObjectProvider<MessageChannel> outboundProvider;
    private final JsonMapper json;
    /** The channel once looked up: a lazy proxy would cost a reflective call on every frame. */
    private volatile MessageChannel outbound;

    /** Looked up on first use: the channel is built by the configuration that registers this package's interceptor. */
    FrameSender(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound, JsonMapper json) {
        this.outboundProvider = outbound;
        this.json = json;
    }

    private MessageChannel outbound() {
        MessageChannel channel = outbound;
        if (channel == null) {
            channel = outboundProvider.getObject();
            outbound = channel;
        }
        return channel;
    }

    void sendJson(String sessionId, String subscriptionId, String destination, Object payload) {
        send(sessionId, subscriptionId, destination, json.writeValueAsBytes(payload), Map.of());
    }

    void send(String sessionId, String subscriptionId, String destination, byte[] body, Map<String, String> headers) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setSessionId(sessionId);
        accessor.setSubscriptionId(subscriptionId);
        accessor.setDestination(destination);
        accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.forEach(accessor::setNativeHeader);
        outbound().send(MessageBuilder.createMessage(body, accessor.getMessageHeaders()));
    }

    /** Sends a reply on the session's {@value Destinations#ME_REPLIES} subscription, if it has one. */
    void reply(LiveSession session, Object payload) {
        String subscriptionId = session.repliesSubscription();
        if (subscriptionId != null) {
            sendJson(session.id(), subscriptionId, Destinations.ME_REPLIES, payload);
        }
    }
}
