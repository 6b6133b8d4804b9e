package jp.renkei.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The side-by-side summary: each side's best qualifying run and Renkei's ratio to both references. */
class CompareTest {

    private static JsonNode run(String mode, double perSecond, double p99, boolean clean) {
        return LoadGenerator.JSON.readTree(String.format(java.util.Locale.ROOT,
                "{\"mode\":\"%s\",\"clean\":%s,\"latencyMillis\":{\"count\":100,\"p99\":%s},"
                        + "\"deliveries\":{\"perSecond\":%s}}", mode, clean, p99, perSecond));
    }

    @Test
    void theBestQualifyingRunOfEachSideAndBothRatios() {
        List<JsonNode> runs = List.of(
                run("renkei", 800, 20, true), run("renkei", 1200, 60, true), run("renkei", 1600, 140, true),
                run("rabbitmq", 8000, 40, true), run("rabbitmq", 16000, 30, false),
                run("rabbitmq-persistent", 2000, 50, true), run("rabbitmq-persistent", 4000, 250, true));
        Map<String, Double> best = Compare.best(runs);
        assertThat(best).containsEntry("renkei", 1200.0).containsEntry("rabbitmq", 8000.0)
                .containsEntry("rabbitmq-persistent", 2000.0);
        List<String> lines = Compare.summary(best);
        assertThat(lines).contains("RATIO renkei / rabbitmq = 0.15", "RATIO renkei / rabbitmq-persistent = 0.60");
        assertThat(lines.get(0)).contains("renkei 1200", "rabbitmq 8000", "rabbitmq-persistent 2000");
    }

    @Test
    void aReferenceWithoutAQualifyingRunHasNoRatio() {
        List<String> lines = Compare.summary(Compare.best(List.of(run("renkei", 1200, 60, true),
                run("rabbitmq", 8000, 40, true), run("rabbitmq-persistent", 2000, 50, false))));
        assertThat(lines).contains("RATIO renkei / rabbitmq = 0.15",
                "RATIO renkei / rabbitmq-persistent not computable (no qualifying rabbitmq-persistent run)");
    }
    @Test
    void aCrossNodeRunShowsLatencyOnEachSideOfTheSplitAndEachNodesCpu() {
        JsonNode r = LoadGenerator.JSON.readTree("{\"mode\":\"renkei\",\"clean\":true,\"options\":{\"rate\":50.0},"
                + "\"latencyMillis\":{\"count\":10,\"p99\":40.0},"
                + "\"latencySameNodeMillis\":{\"count\":5,\"p50\":8.5,\"p99\":20.0},"
                + "\"latencyCrossNodeMillis\":{\"count\":5,\"p50\":15.25,\"p99\":40.0},"
                + "\"deliveries\":{\"perSecond\":400.0,\"lost\":0,\"duplicated\":0},"
                + "\"server\":{\"cpuPercent\":90.0,\"cpuPercentByPid\":{\"101\":60.0,\"202\":30.0}}}");
        String row = Compare.crossNodeRow(r);
        assertThat(row.trim().split("\\s+")).containsExactly("50", "400", "8.5", "20.0", "15.3", "40.0", "0", "0",
                "yes", "101=60.0", "202=30.0");
        assertThat(Compare.CROSS_NODE_HEADER).contains("cross p99", "by pid");
    }
}
