package jp.renkei.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import jp.renkei.server.RenkeiApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A few seconds of the bed-board fan-out against a real server: 20 discharge offices subscribed with
 * matching filters and 4 decoys with filters no notice matches, a clinic publishing and updating
 * notices. Not a benchmark (no timing is asserted): it fails unless every subscriber got every
 * notice exactly once and no decoy got any.
 */
class BedFanoutSmokeTest {

    private static Path dataDir;
    private static ConfigurableApplicationContext server;
    private static int port;

    @BeforeAll
    static void seedAndStart() throws IOException {
        dataDir = Files.createTempDirectory("renkei-bedfanout-smoke");
        assertThat(BedFanout.seed(dataDir, 24)).isEqualTo(24);
        assertThat(BedFanout.seed(dataDir, 24)).as("seeding again keeps the accounts").isZero();
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
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNoticeReachesEveryMatchingOfficeExactlyOnceAndNoDecoy() throws Exception {
        BedFanout.Config config = BedFanout.Config.parse("--url", "http://127.0.0.1:" + port, "--offices", "20",
                "--decoys", "4", "--rate", "10", "--warmup", "1", "--duration", "3", "--grace", "10", "--notices", "3");
        Map<String, Object> r = new BedFanout(config).run();
        System.out.println(BedFanout.summary(r));

        assertThat(r).doesNotContainKey("aborted");
        Map<String, Object> connections = (Map<String, Object>) r.get("connections");
        assertThat(connections).containsEntry("offices", 24).containsEntry("failed", 0);
        Map<String, Object> requests = (Map<String, Object>) r.get("requests");
        // 4 s at 10/s: publishes of 3 notices, then updates.
        assertThat(((Number) requests.get("sent")).longValue()).isGreaterThanOrEqualTo(38);
        assertThat(requests.get("acknowledged")).isEqualTo(((Number) requests.get("sent")).longValue());
        assertThat(requests.get("failed")).isEqualTo(0L);
        Map<String, Object> d = (Map<String, Object>) r.get("deliveries");
        assertThat(((Number) d.get("expected")).longValue()).isEqualTo(((Number) requests.get("sent")).longValue() * 20);
        assertThat(d.get("received")).isEqualTo(d.get("expected"));
        assertThat(d).containsEntry("lost", 0L).containsEntry("duplicated", 0L).containsEntry("toDecoys", 0L)
                .containsEntry("unknown", 0L).containsEntry("errorFrames", 0L).containsEntry("connectionsLost", 0L);
        assertThat(((Number) ((Map<String, Object>) r.get("latencyMillis")).get("count")).longValue()).isPositive();
        assertThat(r.get("clean")).isEqualTo(true);

        Path out = dataDir.resolve("result.json");
        BedFanout.write(out, r);
        assertThat(Files.readString(out)).contains("\"lost\" : 0").doesNotContain("latencyHistogram");
        assertThat(Files.readString(dataDir.resolve("result.csv"))).startsWith("\"Value\",\"Percentile\"");
    }

    @Test
    void theStepIsReadFromTheMarkerInTheRemarks() {
        String body = "{\"type\":\"bed.notice\",\"notice\":{\"remarks\":\"負荷試験 lg:abcde:1234\",\"available\":3}}";
        assertThat(BedFanout.stepOf(body, "abcde")).isEqualTo(1234);
        assertThat(BedFanout.stepOf(body, "zzzzz")).isEqualTo(-1);
        assertThat(BedFanout.stepOf("lg:abcde:x", "abcde")).isEqualTo(-1);
    }
}
