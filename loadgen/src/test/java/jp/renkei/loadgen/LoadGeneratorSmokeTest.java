package jp.renkei.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.NoteValidator;
import jp.renkei.server.RenkeiApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A few seconds of the real generator against a real server: seeded accounts and rooms, HTTP logins,
 * STOMP subscriptions, posts, deliveries to every member, and a reconnecting client catching up with
 * {@code since-seq}. Not a benchmark (no timing is asserted): it fails if a single delivery is lost or
 * duplicated, a post is not acknowledged, or the catch-up misses an event.
 */
class LoadGeneratorSmokeTest {

    private static Path dataDir;
    private static ConfigurableApplicationContext server;
    private static int port;

    @BeforeAll
    static void seedAndStart() throws IOException {
        dataDir = Files.createTempDirectory("renkei-loadgen-smoke");
        Seeder.Summary seeded = Seeder.seed(dataDir, 40, 8);
        assertThat(seeded.rooms()).isEqualTo(5);
        server = new SpringApplicationBuilder(RenkeiApplication.class).run("--server.port=0", "--management.server.port=0",
                "--renkei.embedded.data-dir=" + dataDir,
                "--renkei.audit.witness-file=" + dataDir.resolve("audit-witness-n1.log"), "--renkei.demo.enabled=false", "--renkei.embedded.fsync=false");
        port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyPostReachesEveryMemberOnceAndAReconnectingClientCatchesUp() throws Exception {
        Options options = Options.parse("--url", "http://127.0.0.1:" + port, "--users", "40", "--room-size", "8",
                "--rate", "20", "--warmup", "1", "--duration", "4", "--grace", "10",
                "--catchup", "1000", "--catchup-repeat", "1", "--connect-threads", "4");
        LoadGenerator.Result r = new LoadGenerator(options).run();
        r.print(System.out);

        assertThat(r.number("connections.users")).isEqualTo(40);
        assertThat(r.number("connections.failed")).isZero();
        // 5 s of posting at 20/s, plus the 1,000 catch-up posts.
        assertThat(r.number("posts.sent")).isGreaterThanOrEqualTo(90 + 1000);
        assertThat(r.number("posts.acknowledged")).isEqualTo(r.number("posts.sent"));
        assertThat(r.number("posts.failed")).isZero();
        assertThat(r.number("posts.unanswered")).isZero();
        assertThat(r.number("deliveries.expected")).isEqualTo(r.number("posts.sent") * 8);
        assertThat(r.number("deliveries.received")).isEqualTo(r.number("deliveries.expected"));
        assertThat(r.number("deliveries.lost")).isZero();
        assertThat(r.number("deliveries.duplicated")).isZero();
        assertThat(r.number("deliveries.seqGaps")).isZero();
        assertThat(r.number("deliveries.unknown")).isZero();
        assertThat(r.number("errors.errorFrames")).isZero();
        assertThat(r.number("errors.connectionsLost")).isZero();
        assertThat(r.number("inbox.messages")).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) r.get("latencyMillis");
        assertThat(((Number) latency.get("count")).longValue()).isPositive();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> catchUps = (List<Map<String, Object>>) r.get("catchUp.runs");
        assertThat(catchUps).hasSize(1);
        assertThat(catchUps.get(0)).doesNotContainKey("error");
        assertThat(((Number) catchUps.get(0).get("missed")).longValue()).isEqualTo(1000);
        assertThat(((Number) catchUps.get(0).get("received")).longValue()).isEqualTo(1000);
        assertThat(((Number) catchUps.get(0).get("duplicates")).longValue()).isZero();
        assertThat(((Number) catchUps.get(0).get("outOfOrder")).longValue()).isZero();
        assertThat(r.clean()).isTrue();
        assertThat(LoadGenerator.JSON.writeValueAsString(r.json())).contains("\"lost\" : 0");
    }

    @Test
    void thePostedNoteIsAValidVisitNoteOfAboutTheRequestedSize() {
        NoteFactory notes = new NoteFactory(1000);
        String body = notes.postNote(Topology.roomId(3), "lg-test-17", 17);
        PostNote post = JsonMapper.builder().build().readValue(body, PostNote.class);
        assertThat(NoteValidator.validate(post.note(), "note")).isEmpty();
        assertThat(post.note().kind()).isEqualTo("visit");
        assertThat(post.note().visit().vitals().pulse()).isNotNull();
        assertThat(post.roomId()).isEqualTo("r-lg-000003");
        assertThat(notes.bytes()).isBetween(950, 1050);
        assertThat(NoteFactory.postIdOf(body)).isEqualTo(17);
    }

    @Test
    void framesAreParsedWithTheirHeadersAndBody() {
        String raw = "\nMESSAGE\nsubscription:room\nseq:12\ndestination:/room/r-lg-000001\n\n{\"a\":1}";
        StompFrame f = StompConnection.parse(raw, 0, raw.length());
        assertThat(f.command()).isEqualTo("MESSAGE");
        assertThat(f.header("seq")).isEqualTo("12");
        assertThat(f.body()).isEqualTo("{\"a\":1}");
        assertThat(StompConnection.parse("\n\n", 0, 2)).isNull();
    }
}
