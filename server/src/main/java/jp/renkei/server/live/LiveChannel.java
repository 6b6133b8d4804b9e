package jp.renkei.server.live;

import java.util.Map;

/**
 * One subscription of one STOMP session, as a {@link LiveTopic} sees it: it can send MESSAGE frames to
 * it. Sending runs in the calling thread (see {@link WebSocketConfiguration}).
 */
public final class LiveChannel {

    private final FrameSender sender;
    private final String sessionId;
    private final String subscriptionId;
    private final String destination;

    LiveChannel(FrameSender sender, String sessionId, String subscriptionId, String destination) {
        this.sender = sender;
        this.sessionId = sessionId;
        this.subscriptionId = subscriptionId;
        this.destination = destination;
    }

    public String sessionId() {
        return sessionId;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public String destination() {
        return destination;
    }

    /** Sends a JSON body already serialised (serialise once, send to many). */
    public void send(byte[] json) {
        sender.send(sessionId, subscriptionId, destination, json, Map.of());
    }
}
