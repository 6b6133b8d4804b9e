package jp.renkei.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The STOMP frames the generator sends to RabbitMQ Web-STOMP, in its two reference modes. Kept apart
 * from the connections so that the headers that make the comparison fair can be checked without a broker.
 *
 * <p><b>{@code rabbitmq}</b> (transient): {@code SUBSCRIBE /topic/room.<roomId>} gives each member an
 * exclusive, auto-deleted queue bound to {@code amq.topic}; messages are transient and delivered with
 * the default {@code ack:auto}; {@code SEND} carries a {@code receipt}.
 *
 * <p><b>{@code rabbitmq-persistent}</b>, the reference for a system that stores before it delivers:
 * <ul>
 *   <li>each member subscribes with {@code durable:true}, {@code auto-delete:false} and its own
 *       {@code x-queue-name}: a durable classic queue per member, bound to {@code amq.topic} with the
 *       room's routing key, so every post reaches every member's queue and survives a broker restart;</li>
 *   <li>{@code SEND} carries {@code persistent:true} (delivery mode 2: written to disk) and a
 *       {@code receipt}: RabbitMQ's STOMP adapter answers a SEND's receipt only when the publisher
 *       confirm arrives, i.e. when every queue it was routed to has the message on disk (or its consumers
 *       have acknowledged it). The poster counts the post as sent on that RECEIPT, as Renkei's poster does
 *       on its {@code ok} reply, which follows the durable write;</li>
 *   <li>subscriptions use {@code ack:client-individual} and the client ACKs each MESSAGE after recording
 *       it. With {@code ack:auto} the broker forgets a message once written to the socket, so a client
 *       that crashes loses it; Renkei's client never loses an event (it resubscribes with
 *       {@code since-seq}), and client acknowledgements are how a RabbitMQ consumer gets that guarantee;</li>
 *   <li>queue names carry the run's id, so no message of an earlier run reaches this one, and each queue is
 *       deleted at the end ({@code UNSUBSCRIBE} with {@code durable:true} and the same queue name).</li>
 * </ul>
 */
final class RabbitFrames {

    /** The subscription id of a member's room subscription (MESSAGE frames carry it back). */
    static final String ROOM_SUBSCRIPTION = "room";

    private final boolean persistent;
    private final String runId;

    RabbitFrames(boolean persistent, String runId) {
        this.persistent = persistent;
        this.runId = runId;
    }

    boolean persistent() {
        return persistent;
    }

    /** The destination of a room: the topic exchange {@code amq.topic}, routing key {@code room.<roomId>}. */
    static String destination(String roomId) {
        return "/topic/room." + roomId;
    }

    /** The durable queue of one member in this run (persistent mode). */
    String queueName(int user) {
        return "lg-" + runId + "-" + Topology.userId(user);
    }

    /** Headers of the member's SUBSCRIBE to its room; the broker answers {@code receipt} once it is bound. */
    Map<String, String> subscribe(String roomId, int user, String receipt) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("destination", destination(roomId));
        h.put("id", ROOM_SUBSCRIPTION);
        if (persistent) {
            h.put("durable", "true");
            h.put("auto-delete", "false");
            h.put("x-queue-name", queueName(user));
            h.put("ack", "client-individual");
        }
        h.put("receipt", receipt);
        return h;
    }

    /** Headers of a post; its RECEIPT ({@code receipt-id} = {@code receipt}) is the acknowledgement. */
    Map<String, String> send(String roomId, String receipt) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("destination", destination(roomId));
        if (persistent) {
            h.put("persistent", "true");
        }
        h.put("receipt", receipt);
        h.put("content-type", "application/json");
        return h;
    }

    /**
     * The ACK frame for a received MESSAGE (STOMP 1.2: {@code id} = the message's {@code ack} header), or
     * {@code null} when none is due (transient mode, or a frame without {@code ack}).
     */
    String ackFor(StompFrame message) {
        if (!persistent) {
            return null;
        }
        String ack = message.header("ack");
        return ack == null ? null : StompFrame.encode("ACK", Map.of("id", ack), "");
    }

    /**
     * Headers of the UNSUBSCRIBE that ends a member's subscription at the end of a run and, in persistent
     * mode, deletes its durable queue; {@code null} in transient mode (the queue goes with the connection).
     */
    Map<String, String> unsubscribe(int user, String receipt) {
        if (!persistent) {
            return null;
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("id", ROOM_SUBSCRIPTION);
        h.put("durable", "true");
        h.put("x-queue-name", queueName(user));
        h.put("receipt", receipt);
        return h;
    }
}
