package jp.renkei.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code json-logs} profile: every console line the server writes while starting, serving, refusing a
 * login and stopping is one JSON object (Elastic Common Schema), and none carries what a user typed. The
 * server runs in a JVM of its own: logging is configured once per JVM, and the other tests' servers in this
 * one would print plain lines in between.
 */
class JsonLogsTest {

    @TempDir
    Path dir;

    @Test
    void withTheProfileEveryConsoleLineIsJson() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("stdout.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire's classpath is a manifest-only jar; its Class-Path entries serve the child JVM too.
        Process server = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                RenkeiApplication.class.getName(), "--spring.profiles.active=json-logs", "--server.port=" + port,
                "--management.server.port=0", "--renkei.demo.enabled=false", "--renkei.embedded.fsync=false",
                "--renkei.embedded.data-dir=" + dir.resolve("data"))
                .redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            awaitStarted(server, out);
            // A refused login (logged as a failure, with codes only).
            ApiClient api = new ApiClient(port);
            api.refreshCsrf();
            assertThat(api.post("/api/login", "{\"username\":\"nobody-json\",\"password\":\"Secret-typed-2026\"}")
                    .status()).isNotEqualTo(200);
        } finally {
            server.destroy(); // SIGTERM: the shutdown is logged too
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        String text = Files.readString(out);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(5);
        for (String line : lines) {
            JsonNode json = ApiClient.JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            assertThat(json.has("@timestamp")).as(line).isTrue();
            assertThat(json.path("log").path("level").asString()).as(line).isNotBlank();
            assertThat(json.path("ecs").path("version").asString()).as(line).isNotBlank();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Renkei is running on port"));
        assertThat(text).doesNotContain("Secret-typed-2026");
    }

    private static void awaitStarted(Process server, Path out) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.readString(out).contains("Renkei is running")) {
                return;
            }
            if (!server.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not start:\n" + Files.readString(out));
    }
}
