package jp.renkei.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * No acknowledged write is lost: the server runs as its own process on the embedded database, a
 * client posts notes as fast as the server acknowledges them, the process is killed with SIGKILL
 * right after the last acknowledgement, and after a restart every acknowledged note is there, each
 * with exactly one audit entry.
 */
class CrashDurabilityTest {

    private static final int NOTES = 300;

    @TempDir
    Path dataDir;
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void everyAcknowledgedNoteSurvivesSigkill() throws Exception {
        int port = freePort();
        Date startedAt = new Date();
        server = start(port);
        ApiClient api = new ApiClient(port).login("yamamoto", "Renkei-demo-2026");
        // A room that is still open (the demo also has one closed when care ended: read-only).
        String room = null;
        for (JsonNode r : api.get("/api/rooms").json()) {
            if (!r.hasNonNull("closure") && !r.path("archived").asBoolean(false)) {
                room = r.path("roomId").asString();
                break;
            }
        }
        assertThat(room).as("an open demo room").isNotNull();

        Map<String, Long> acknowledged = new HashMap<>();
        try (TestStompClient client = TestStompClient.connect(api).ready()) {
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < NOTES; i++) {
                requests.add(client.send("/app/notes.post", Notes.post(room, "crash-" + i, "耐久テスト " + i)));
            }
            for (int i = 0; i < NOTES; i++) {
                JsonNode reply = client.reply(requests.get(i));
                assertThat(reply.path("type").asString()).isEqualTo("ok");
                acknowledged.put("耐久テスト " + i, reply.path("result").path("seq").asLong());
            }
            // SIGKILL at once: no shutdown hook, no final commit.
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        // Each acknowledged post's audit entry rode on its event's durable write: all there, once each.
        try (EmbeddedMongoServer db = EmbeddedMongoServer.start(dataDir, false);
             MongoClient mongo = MongoClients.create(db.connectionString())) {
            long audited = mongo.getDatabase("renkei").getCollection("audit").countDocuments(Filters.and(
                    Filters.eq("action", "note.post"), Filters.eq("room", room), Filters.eq("allowed", true),
                    Filters.gte("at", startedAt)));
            assertThat(audited).isEqualTo(NOTES);
        }

        server = start(port);
        ApiClient after = new ApiClient(port).login("yamamoto", "Renkei-demo-2026");
        Map<String, Long> found = new HashMap<>();
        Long before = null;
        do {
            JsonNode page = after.get("/api/rooms/" + room + "/events?limit=100" + (before == null ? "" : "&before=" + before)).json();
            for (JsonNode e : page.path("events")) {
                String text = e.path("content").path("note").path("text").asString("");
                if (text.startsWith("耐久テスト ")) {
                    found.put(text, e.path("seq").asLong());
                }
            }
            before = page.path("events").isEmpty() ? 1L : page.path("events").get(0).path("seq").asLong();
        } while (before > 1);
        assertThat(found).containsAllEntriesOf(acknowledged);
        assertThat(found).hasSize(NOTES);
    }

    private Process start(int port) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire's classpath is a manifest-only jar; its Class-Path entries serve the child JVM too.
        Path log = Files.createTempFile("renkei-crash", ".log");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RenkeiApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=0",
                "--renkei.embedded.data-dir=" + dataDir,
                "--renkei.audit.witness-file=" + dataDir.resolve("witness").resolve("audit-witness-n1.log"),
                "--renkei.embedded.fsync=true",
                "--renkei.demo.enabled=true")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.readString(log).contains("Renkei is running")) {
                return p;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not start:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
