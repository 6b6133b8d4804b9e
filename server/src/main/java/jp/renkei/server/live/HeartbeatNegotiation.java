package jp.renkei.server.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Puts the result of the STOMP 1.2 heart-beat negotiation in the {@code CONNECTED} frame (protocol.md
 * §7.2): in each direction the larger of the two offers, or 0 when either side offers 0 (does not want
 * heart-beats that way). Spring's broker already beats by that result but stated only its own offer,
 * so a client offering {@code 0,0} read {@code 20000,20000}.
 */
final class HeartbeatNegotiation implements ChannelInterceptor {

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.CONNECT_ACK) {
            return message;
        }
        long[] server = (long[]) message.getHeaders().get(SimpMessageHeaderAccessor.HEART_BEAT_HEADER);
        Object connect = message.getHeaders().get(SimpMessageHeaderAccessor.CONNECT_MESSAGE_HEADER);
        long[] client = connect instanceof Message<?> m ? StompHeaderAccessor.wrap(m).getHeartbeat() : null;
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(message);
        headers.setHeader(SimpMessageHeaderAccessor.HEART_BEAT_HEADER, negotiate(server, client));
        return MessageBuilder.createMessage(message.getPayload(), headers.getMessageHeaders());
    }

    /**
     * The agreed intervals: {@code [server to client, client to server]} in milliseconds, 0 for none.
     *
     * @param server the server's offer {@code [sx, sy]} (what it can send, what it wants to receive)
     * @param client the client's offer {@code [cx, cy]}, as in its CONNECT frame
     */
    static long[] negotiate(long[] server, long[] client) {
        if (server == null || server.length < 2 || client == null || client.length < 2) {
            return new long[] {0, 0};
        }
        long toClient = server[0] > 0 && client[1] > 0 ? Math.max(server[0], client[1]) : 0;
        long toServer = client[0] > 0 && server[1] > 0 ? Math.max(client[0], server[1]) : 0;
        return new long[] {toClient, toServer};
    }
}
