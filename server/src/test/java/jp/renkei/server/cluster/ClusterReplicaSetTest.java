package jp.renkei.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Cluster mode on a real MongoDB replica set (single member, as Testcontainers starts it): two nodes on one
 * URI, posts from both reach a member on the other exactly once and in order. Skipped where no Docker
 * engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ClusterReplicaSetTest {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    private static ConfigurableApplicationContext node(Path base, String id, Path key) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--renkei.demo.enabled=false", "--renkei.cluster.enabled=true",
                "--spring.mongodb.uri=" + MONGO.getReplicaSetUrl(), "--renkei.crypto.master-key-file=" + key,
                "--renkei.embedded.data-dir=" + base.resolve(id), "--renkei.audit.node-id=" + id));
        return new SpringApplicationBuilder(RenkeiApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void postsOnEitherNodeReachTheOtherExactlyOnceInOrder() throws Exception {
        Path base = Files.createTempDirectory("renkei-cluster-rs");
        Path key = base.resolve("master.key");
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Files.writeString(key, Base64.getEncoder().encodeToString(raw));
        try (ConfigurableApplicationContext a = node(base, "ra", key); ConfigurableApplicationContext b = node(base, "rb", key)) {
            TwoNodes.Users users = new TwoNodes.Users(a);
            UserAccount host = users.newUser(Profession.PHYSICIAN);
            UserAccount member = users.newUser(Profession.NURSE);
            String room = users.newPatientRoom(host, member);
            long start = a.getBean(RoomCache.class).refresh(room).orElseThrow().head().seq();
            try (TestStompClient onB = TwoNodes.connect(b, member); TestStompClient hostOnA = TwoNodes.connect(a, host);
                 TestStompClient memberOnB = TwoNodes.connect(b, member)) {
                onB.subscribe("/room/" + room, "r", Map.of("request-id", "s", "since-seq", Long.toString(start)));
                onB.reply("s");
                for (int i = 0; i < 10; i++) {
                    hostOnA.call("/app/notes.post", Notes.post(room, "a" + i, "A " + i));
                    memberOnB.call("/app/notes.post", Notes.post(room, "b" + i, "B " + i));
                }
                List<Long> seqs = new ArrayList<>();
                while (seqs.size() < 20) {
                    seqs.add(Long.parseLong(onB.await(f -> "r".equals(f.header("subscription")) && f.header("seq") != null,
                            20_000).header("seq")));
                }
                List<Long> expected = new ArrayList<>();
                for (long s = start + 1; s <= start + 20; s++) {
                    expected.add(s);
                }
                assertThat(seqs).containsExactlyElementsOf(expected);
            }
        }
    }
}
