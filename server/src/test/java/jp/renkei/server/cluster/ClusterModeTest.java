package jp.renkei.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestStompClient.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.JsonNode;

/**
 * Cluster mode end to end: two nodes in one JVM on node A's embedded store, clients over real STOMP.
 * Posts on either node reach members on the other exactly once and in order; a removal on A ends delivery on
 * B; a read marker on A reaches B; when node B goes away mid-post, its clients resume on A with
 * {@code since-seq} and lose and duplicate nothing.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ClusterModeTest {

    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static long head(String roomId) {
        return nodes.a.getBean(RoomCache.class).refresh(roomId).orElseThrow().head().seq();
    }

    private static void subscribe(TestStompClient c, String roomId, String subId, long since) {
        c.subscribe("/room/" + roomId, subId, Map.of("request-id", "sub-" + subId, "since-seq", Long.toString(since)));
        assertThat(c.reply("sub-" + subId).path("type").asString()).isEqualTo("ok");
    }

    /** Waits for event frames on {@code subId} until seq {@code upTo}; returns every seq received, in arrival order. */
    private static List<Long> eventsUpTo(TestStompClient c, String subId, long upTo) {
        List<Long> seqs = new ArrayList<>();
        while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < upTo) {
            Frame f = c.await(fr -> "MESSAGE".equals(fr.command()) && subId.equals(fr.header("subscription"))
                    && fr.header("seq") != null, 20_000);
            seqs.add(Long.parseLong(f.header("seq")));
        }
        return seqs;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    @Test
    void interleavedPostsOnBothNodesReachEachNodeExactlyOnceInOrder() throws Exception {
        UserAccount host = nodes.newUser(Profession.PHYSICIAN);
        UserAccount p1 = nodes.newUser(Profession.NURSE);
        UserAccount p2 = nodes.newUser(Profession.CARE_MANAGER);
        UserAccount p3 = nodes.newUser(Profession.NURSE);
        UserAccount p4 = nodes.newUser(Profession.CARE_MANAGER);
        UserAccount watcher = nodes.newUser(Profession.PHARMACIST);
        String room = nodes.newPatientRoom(host, p1, p2, p3, p4, watcher);
        long start = head(room);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TestStompClient onB = TwoNodes.connect(nodes.b, watcher);
             TestStompClient onA = TwoNodes.connect(nodes.a, watcher)) {
            subscribe(onB, room, "rb", start);
            subscribe(onA, room, "ra", start);
            int perThread = 15;
            List<Future<?>> posters = new ArrayList<>();
            // One user per thread: concurrent sign-ins of one user would race for its one-time codes.
            Object[][] who = {{nodes.a, p1}, {nodes.b, p2}, {nodes.a, p3}, {nodes.b, p4}};
            for (int t = 0; t < who.length; t++) {
                var node = (org.springframework.context.ConfigurableApplicationContext) who[t][0];
                UserAccount user = (UserAccount) who[t][1];
                int thread = t;
                posters.add(pool.submit(() -> {
                    try (TestStompClient c = TwoNodes.connect(node, user)) {
                        for (int i = 0; i < perThread; i++) {
                            JsonNode r = c.call("/app/notes.post", Notes.post(room, "x" + thread + "-" + i, "経過 " + i));
                            assertThat(r.path("type").asString()).isEqualTo("ok");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : posters) {
                f.get();
            }
            long end = head(room);
            assertThat(end).isEqualTo(start + 4L * perThread);
            // Every seq once, ascending, on both nodes, whichever node stored it.
            assertThat(eventsUpTo(onB, "rb", end)).containsExactlyElementsOf(range(start + 1, end));
            assertThat(eventsUpTo(onA, "ra", end)).containsExactlyElementsOf(range(start + 1, end));
            assertThat(onB.drain(300)).noneMatch(f -> f.header("seq") != null);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMemberRemovedOnAStopsReceivingOnB() {
        UserAccount host = nodes.newUser(Profession.PHYSICIAN);
        UserAccount member = nodes.newUser(Profession.NURSE);
        String room = nodes.newPatientRoom(host, member);
        try (TestStompClient onB = TwoNodes.connect(nodes.b, member);
             TestStompClient hostOnA = TwoNodes.connect(nodes.a, host)) {
            subscribe(onB, room, "r", head(room));
            hostOnA.call("/app/notes.post", Notes.post(room, "before", "削除前"));
            long before = head(room);
            assertThat(eventsUpTo(onB, "r", before)).containsExactly(before);
            nodes.a.getBean(RoomService.class).removeOrLeave(host, room, member.id());
            Frame revoked = onB.await(f -> "r".equals(f.header("subscription")) && f.body().contains("\"revoked\""), 20_000);
            assertThat(revoked.json().path("roomId").asString()).isEqualTo(room);
            hostOnA.call("/app/notes.post", Notes.post(room, "after", "削除後"));
            // The host's own subscription on B would have the post by now; the removed member gets nothing.
            try (TestStompClient hostOnB = TwoNodes.connect(nodes.b, host)) {
                long after = head(room);
                subscribe(hostOnB, room, "h", after - 1);
                assertThat(eventsUpTo(hostOnB, "h", after)).containsExactly(after);
            }
            assertThat(onB.drain(300)).noneMatch(f -> "r".equals(f.header("subscription")));
        }
    }

    @Test
    void aReadMarkerMovedOnAReachesSubscribersOnB() {
        UserAccount host = nodes.newUser(Profession.PHYSICIAN);
        UserAccount reader = nodes.newUser(Profession.NURSE);
        String room = nodes.newPatientRoom(host, reader);
        try (TestStompClient hostOnB = TwoNodes.connect(nodes.b, host);
             TestStompClient readerOnA = TwoNodes.connect(nodes.a, reader)) {
            hostOnB.call("/app/notes.post", Notes.post(room, "m1", "確認お願いします"));
            long seq = head(room);
            subscribe(hostOnB, room, "r", seq);
            JsonNode read = readerOnA.call("/app/rooms.read", "{\"roomId\":\"" + room + "\",\"seq\":" + seq + "}");
            assertThat(read.path("type").asString()).isEqualTo("ok");
            Frame receipt = hostOnB.await(f -> "r".equals(f.header("subscription")) && f.body().contains("\"receipt\""), 20_000);
            assertThat(receipt.json().path("userId").asString()).isEqualTo(reader.id());
            assertThat(receipt.json().path("readSeq").asLong()).isEqualTo(seq);
            // The poster's own marker (moved by the post) is not announced as a receipt, on either node.
            assertThat(hostOnB.drain(300)).noneMatch(f -> f.body().contains("\"receipt\""));
        }
    }

    @Test
    void aPostStoredByANodeThatStoppedBeforeItsProjectionsIsADuplicateOnTheOther() {
        UserAccount host = nodes.newUser(Profession.PHYSICIAN);
        UserAccount poster = nodes.newUser(Profession.NURSE);
        String room = nodes.newPatientRoom(host, poster);
        try (TestStompClient onA = TwoNodes.connect(nodes.a, poster)) {
            JsonNode first = onA.call("/app/notes.post", Notes.post(room, "t0", "一件目"));
            long seq = first.path("result").path("seq").asLong();
            // Node B stored the next post (the same note content, transaction t1) and stopped before applying
            // anything derived from it: only the event exists.
            var eventsOfB = nodes.b.getBean(jp.renkei.server.room.EventRepository.class);
            var stored = eventsOfB.find(room, seq).orElseThrow();
            String txnKey = stored.txnKey().substring(0, stored.txnKey().lastIndexOf('|') + 1) + "t1";
            assertThat(eventsOfB.insert(new jp.renkei.server.room.StoredEvent(room, seq + 1, stored.kind(), stored.sender(),
                    java.time.Instant.now(), stored.notes() + 1, txnKey, stored.body()))).isTrue();
            // The client, without a reply, retries on node A: recognised, not stored again.
            JsonNode retry = onA.call("/app/notes.post", Notes.post(room, "t1", "一件目"));
            assertThat(retry.path("type").asString()).isEqualTo("ok");
            assertThat(retry.path("result").path("duplicate").asBoolean()).isTrue();
            assertThat(retry.path("result").path("seq").asLong()).isEqualTo(seq + 1);
            assertThat(head(room)).isEqualTo(seq + 1);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)
    void afterAnInterruptionTheFeedResynchronisesWhatItMissed() {
        UserAccount host = nodes.newUser(Profession.PHYSICIAN);
        UserAccount member = nodes.newUser(Profession.NURSE);
        String room = nodes.newPatientRoom(host, member);
        ChangeStreamFeed feed = nodes.b.getBean(ChangeStreamFeed.class);
        try (TestStompClient onB = TwoNodes.connect(nodes.b, member);
             TestStompClient hostOnA = TwoNodes.connect(nodes.a, host)) {
            subscribe(onB, room, "r", head(room));
            feed.stop();
            assertThat(nodes.b.getBean("changeStreamHealthIndicator", HealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.DOWN);
            hostOnA.call("/app/notes.post", Notes.post(room, "missed-1", "停止中 1"));
            hostOnA.call("/app/notes.post", Notes.post(room, "missed-2", "停止中 2"));
            long end = head(room);
            assertThat(onB.drain(300)).noneMatch(f -> f.header("seq") != null);
            // What a reopened stream runs: the room is read again and the missed events handed over.
            nodes.b.getBean(RemoteChanges.class).resync();
            assertThat(eventsUpTo(onB, "r", end)).containsExactly(end - 1, end);
        } finally {
            feed.start();
        }
    }

    @Test
    void changeStreamHealthIsUpOnBothNodes() {
        for (var node : List.of(nodes.a, nodes.b)) {
            var health = node.getBean("changeStreamHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("events", "rooms", "pendingEvents");
            var gauge = node.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("renkei.cluster.lag").gauge();
            assertThat(gauge).isNotNull();
            assertThat(gauge.getId().getTags()).allMatch(t -> t.getKey().equals("application"));
            assertThat(gauge.value()).isGreaterThanOrEqualTo(0);
        }
    }

    /** Last: it stops node B. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void clientsOfAStoppedNodeResumeOnTheOtherWithoutLossOrDuplicates() throws Exception {
        UserAccount host = nodes.newUser(Profession.PHYSICIAN);
        UserAccount poster = nodes.newUser(Profession.NURSE);
        String room = nodes.newPatientRoom(host, poster);
        long start = head(room);
        int total = 40;
        List<Long> received = new ArrayList<>();
        Set<Integer> acknowledged = new HashSet<>();
        TestStompClient onB = TwoNodes.connect(nodes.b, poster);
        subscribe(onB, room, "r", start);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> posting = pool.submit(() -> {
            for (int i = 0; i < total; i++) {
                String requestId = onB.send("/app/notes.post", Notes.post(room, "k" + i, "停止中 " + i));
                try {
                    if (onB.reply(requestId).path("type").asString().equals("ok")) {
                        acknowledged.add(i);
                    }
                } catch (AssertionError closed) {
                    return null; // the node went away: the rest is re-sent to node A
                }
            }
            return null;
        });
        // Stop node B while its client posts.
        while (acknowledged.size() < 10) {
            Thread.onSpinWait();
        }
        nodes.b.close();
        posting.get();
        pool.shutdownNow();
        for (Frame f : onB.drain(200)) {
            if ("r".equals(f.header("subscription")) && f.header("seq") != null) {
                received.add(Long.parseLong(f.header("seq")));
            }
        }
        // Delivered on B so far: the events it had before it stopped, in order, once (the awaits above took
        // replies only, so every event frame is still queued).
        long lastSeen = received.isEmpty() ? start : received.get(received.size() - 1);
        assertThat(received).containsExactlyElementsOf(range(start + 1, lastSeen));
        // Reconnect to A: resume the room from the last seq seen, re-send every post without a reply.
        try (TestStompClient onA = TwoNodes.connect(nodes.a, poster)) {
            subscribe(onA, room, "r", lastSeen);
            for (int i = 0; i < total; i++) {
                if (!acknowledged.contains(i)) {
                    assertThat(onA.call("/app/notes.post", Notes.post(room, "k" + i, "停止中 " + i)).path("type").asString())
                            .isEqualTo("ok");
                }
            }
            long end = head(room);
            assertThat(end).isEqualTo(start + total);
            received.addAll(eventsUpTo(onA, "r", end));
            assertThat(received).containsExactlyElementsOf(range(start + 1, end));
        }
    }
}
