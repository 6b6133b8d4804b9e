package jp.renkei.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

/**
 * What an operator reaches and what the public does not: Actuator answers on the management port
 * (health with every component, Prometheus meters), the main port serves only the probes
 * {@code /livez} and {@code /readyz}, and no meter carries a room, user or session id.
 */
class ManagementEndpointsTest extends ServerTestBase {

    private static final Pattern LABELS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusOnTheManagementPortListsTheMetersAfterAPostAndADeliveryWithNoIdsInTags() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        try (TestStompClient poster = connect(nurse); TestStompClient reader = connect(doctor)) {
            reader.subscribe("/room/" + room, "s1", Map.of("request-id", "sub-s1"));
            assertThat(reader.reply("sub-s1").path("type").asString()).isEqualTo("ok");
            JsonNode posted = poster.call("/app/notes.post", Notes.post(room, "t-metrics-1", "血圧 128/76"));
            assertThat(posted.path("type").asString()).isEqualTo("ok");
            reader.await(f -> "MESSAGE".equals(f.command())
                    && ("/room/" + room).equals(f.header("destination")) && f.body().contains("\"type\":\"event\""));

            HttpResponse<String> prometheus = get(managementPort, "/actuator/prometheus");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            String text = prometheus.body();
            assertThat(value(text, "renkei_posts_notes_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "renkei_deliveries_events_total{application=\"renkei\",mode=\"live\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(text, "renkei_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(1);
            // A histogram: percentiles come from histogram_quantile() over its buckets.
            assertThat(value(text, "renkei_delivery_latency_seconds_bucket{application=\"renkei\",le=\"+Inf\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(text).contains("renkei_beds_fanout_seconds_bucket{");
            assertThat(value(text, "renkei_live_sessions")).isGreaterThanOrEqualTo(2);
            assertThat(text).contains("renkei_audit_backlog_entries", "renkei_audit_backlog_age_seconds",
                    "renkei_beds_fanout_seconds_count", "renkei_beds_fanout_recipients_subscriptions_count");

            // No id of anyone or anything in any tag (nor anywhere else in the exposition).
            List<String> ids = List.of(room, nurse.id(), doctor.id(), nurse.loginId(), doctor.loginId());
            for (String tagValue : tagValues(text)) {
                for (String id : ids) {
                    assertThat(tagValue).doesNotContain(id);
                }
                assertThat(tagValue).doesNotMatch(".*\\br-[0-9a-z]{8,}.*").doesNotMatch(".*\\bu-[0-9a-z]{8,}.*");
            }
            assertThat(text).doesNotContain(room).doesNotContain(nurse.id()).doesNotContain("血圧");
        }
    }

    @Test
    void healthOnTheManagementPortShowsEveryComponentWithDetails() throws Exception {
        HttpResponse<String> health = get(managementPort, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = ApiClient.JSON.readTree(health.body()).path("components");
        assertThat(components.path("mongo").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("mongo").path("details").path("writable").asBoolean()).isTrue();
        assertThat(components.path("storage").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("auditFlush").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("auditFlush").path("details").has("pending")).isTrue();
        assertThat(components.path("masterKey").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("masterKey").path("details").path("keyId").asString()).hasSize(16);
    }

    @Test
    void theMainPortServesTheProbesButNotTheActuator() throws Exception {
        HttpResponse<String> ready = get(port, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode readiness = ApiClient.JSON.readTree(ready.body());
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("mongo").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("auditFlush").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("masterKey").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("storage").path("status").asString()).isEqualTo("UP");
        assertThat(ready.body()).doesNotContain("details").doesNotContain("keyId");
        HttpResponse<String> live = get(port, "/livez");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ApiClient.JSON.readTree(live.body()).path("status").asString()).isEqualTo("UP");

        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator")) {
            HttpResponse<String> r = get(port, path);
            assertThat(r.body()).as(path).doesNotContain("renkei_posts").doesNotContain("\"components\"")
                    .doesNotContain("jvm_memory");
            assertThat(r.statusCode()).as(path).isNotEqualTo(200);
        }
    }

    /** The value of the sample whose name (with labels, if given) starts the line. */
    private static double value(String text, String sample) {
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ") || line.startsWith(sample + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("No sample " + sample);
    }

    private static List<String> tagValues(String text) {
        List<String> values = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher labels = LABELS.matcher(line);
            if (labels.find()) {
                Matcher label = LABEL.matcher(labels.group(1));
                while (label.find()) {
                    values.add(label.group(2));
                }
            }
        }
        return values;
    }
}
