package jp.renkei.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The {@code json-logs} profile: every console line the server writes while starting, serving and
 * refusing a login is one JSON object (Elastic Common Schema), and none carries what a user typed.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {

    @TempDir
    Path dir;

    @Test
    void withTheProfileEveryConsoleLineIsJson(CapturedOutput output) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RenkeiApplication.class)
                .profiles("json-logs")
                .run("--server.port=0", "--management.server.port=0", "--renkei.demo.enabled=false",
                        "--renkei.embedded.fsync=false", "--renkei.embedded.data-dir=" + dir.resolve("data"))) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            // A refused login (logged as a failure, with codes only).
            ApiClient api = new ApiClient(port);
            api.refreshCsrf();
            assertThat(api.post("/api/login", "{\"username\":\"nobody-json\",\"password\":\"Secret-typed-2026\"}")
                    .status()).isNotEqualTo(200);
        }
        List<String> lines = output.getOut().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(5);
        for (String line : lines) {
            JsonNode json = ApiClient.JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            assertThat(json.has("@timestamp")).as(line).isTrue();
            assertThat(json.path("log").path("level").asString()).as(line).isNotBlank();
            assertThat(json.path("ecs").path("version").asString()).as(line).isNotBlank();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Renkei is running on port"));
        assertThat(output.getOut()).doesNotContain("Secret-typed-2026");
    }
}
