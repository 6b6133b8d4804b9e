package jp.renkei.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The frames of the two RabbitMQ reference modes, without a broker: what makes the persistent mode the
 * fair comparison (a durable queue per member, persistent messages, a receipt standing for the publisher
 * confirm, client acknowledgements, queues deleted at the end) and that the transient mode has none of it.
 */
class RabbitFramesTest {

    private final RabbitFrames persistent = new RabbitFrames(true, "run1");
    private final RabbitFrames transientFrames = new RabbitFrames(false, "run1");

    @Test
    void persistentSubscriptionsDeclareADurableQueuePerMemberWithClientAcknowledgements() {
        Map<String, String> h = persistent.subscribe(Topology.roomId(3), 25, "s25");
        assertThat(h).containsEntry("destination", "/topic/room.r-lg-000003")
                .containsEntry("id", "room")
                .containsEntry("durable", "true")
                .containsEntry("auto-delete", "false")
                .containsEntry("x-queue-name", "lg-run1-u-lg-000025")
                .containsEntry("ack", "client-individual")
                .containsEntry("receipt", "s25");
        // Two members of one room have queues of their own (with one shared queue each post would reach
        // only one of them), and another run never shares a queue with this one.
        assertThat(persistent.subscribe(Topology.roomId(3), 26, "s26").get("x-queue-name"))
                .isNotEqualTo(h.get("x-queue-name"));
        assertThat(new RabbitFrames(true, "run2").queueName(25)).isNotEqualTo(persistent.queueName(25));
    }

    @Test
    void persistentPostsArePersistentAndAcknowledgedByTheirReceipt() {
        Map<String, String> h = persistent.send(Topology.roomId(3), "p17");
        assertThat(h).containsEntry("destination", "/topic/room.r-lg-000003")
                .containsEntry("persistent", "true")
                .containsEntry("receipt", "p17")
                .containsEntry("content-type", "application/json");
        // The frame as sent parses back with the same headers and body.
        String wire = StompFrame.encode("SEND", h, "{\"text\":\"[lg:17]\"}");
        StompFrame parsed = StompConnection.parse(wire, 0, wire.indexOf('\0'));
        assertThat(parsed.command()).isEqualTo("SEND");
        assertThat(parsed.headers()).isEqualTo(h);
        assertThat(NoteFactory.postIdOf(parsed.body())).isEqualTo(17);
    }

    @Test
    void everyPersistentDeliveryIsAcknowledgedWithItsAckHeader() {
        String raw = "MESSAGE\nsubscription:room\ndestination:/topic/room.r-lg-000003\n"
                + "message-id:T_room@@session-Zx1@@42\nack:T_room@@session-Zx1@@42\npersistent:true\n\n[lg:5]";
        StompFrame message = StompConnection.parse(raw, 0, raw.length());
        String ack = persistent.ackFor(message);
        assertThat(ack).isEqualTo("ACK\nid:T_room@@session-Zx1@@42\n\n\0");
        StompFrame parsed = StompConnection.parse(ack, 0, ack.length() - 1);
        assertThat(parsed.command()).isEqualTo("ACK");
        assertThat(parsed.header("id")).isEqualTo("T_room@@session-Zx1@@42");

        String noAck = "MESSAGE\nsubscription:room\n\n[lg:5]";
        assertThat(persistent.ackFor(StompConnection.parse(noAck, 0, noAck.length()))).isNull();
    }

    @Test
    void theEndOfAPersistentRunDeletesEachMembersQueue() {
        Map<String, String> subscribe = persistent.subscribe(Topology.roomId(0), 4, "s4");
        Map<String, String> h = persistent.unsubscribe(4, "u4");
        // RabbitMQ deletes a durable subscription's queue on an UNSUBSCRIBE with durable:true that names it.
        assertThat(h).containsEntry("id", subscribe.get("id"))
                .containsEntry("durable", "true")
                .containsEntry("x-queue-name", subscribe.get("x-queue-name"))
                .containsEntry("receipt", "u4");
    }

    @Test
    void transientFramesAskForNoDurabilityAndNeedNoAcknowledgement() {
        Map<String, String> sub = transientFrames.subscribe(Topology.roomId(1), 9, "s9");
        assertThat(sub).containsOnlyKeys("destination", "id", "receipt");
        assertThat(sub).containsEntry("destination", "/topic/room.r-lg-000001");
        Map<String, String> send = transientFrames.send(Topology.roomId(1), "p1");
        assertThat(send).containsOnlyKeys("destination", "receipt", "content-type");
        String raw = "MESSAGE\nsubscription:room\nack:x\n\n[lg:1]";
        assertThat(transientFrames.ackFor(StompConnection.parse(raw, 0, raw.length()))).isNull();
        assertThat(transientFrames.unsubscribe(9, "u9")).isNull();
    }
}
