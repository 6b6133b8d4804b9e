package jp.renkei.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads result files of {@link LoadGenerator} runs and prints them as a table, then Renkei's best
 * sustained deliveries/s at p99 ≤ 100 ms (and nothing lost or duplicated) divided by each RabbitMQ
 * reference's: transient RabbitMQ ({@code rabbitmq}: no persistence) and persistent RabbitMQ
 * ({@code rabbitmq-persistent}: durable queues, persistent messages, publisher confirms, client acks),
 * the fair one for a system that stores before it delivers.
 *
 * <pre>java -cp loadgen.jar jp.renkei.loadgen.Compare results/*.json</pre>
 */
public final class Compare {

    static final double P99_LIMIT_MS = 100;

    /** The reference modes, each compared with Renkei. */
    static final List<String> REFERENCES = List.of(Options.RABBITMQ, Options.RABBITMQ_PERSISTENT);

    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--qualifies")) {
            // Exit status 0 if the run was clean with p99 <= 100 ms (for scripts).
            System.exit(qualifies(LoadGenerator.JSON.readTree(Files.readString(Path.of(args[1])))) ? 0 : 1);
        }
        List<JsonNode> runs = new ArrayList<>();
        for (String a : args) {
            runs.add(LoadGenerator.JSON.readTree(Files.readString(Path.of(a))));
        }
        System.out.printf("%-20s %8s %10s %12s %8s %8s %8s %8s %6s %6s %6s %8s%n", "mode", "posts/s", "offered/s",
                "delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "dup", "ok", "srv cpu%");
        for (JsonNode r : runs) {
            JsonNode lat = r.path("latencyMillis");
            System.out.printf("%-20s %8.0f %10.0f %12.0f %8.1f %8.1f %8.1f %8.1f %6d %6d %6s %8.0f%n",
                    r.path("mode").asString(), r.path("options").path("rate").asDouble(),
                    r.path("deliveries").path("offeredPerSecond").asDouble(),
                    r.path("deliveries").path("perSecond").asDouble(), lat.path("p50").asDouble(),
                    lat.path("p99").asDouble(), lat.path("p99.9").asDouble(), lat.path("max").asDouble(),
                    r.path("deliveries").path("lost").asLong(), r.path("deliveries").path("duplicated").asLong(),
                    qualifies(r) ? "yes" : "NO", r.path("server").path("cpuPercent").asDouble());
        }
        for (String line : summary(best(runs))) {
            System.out.println(line);
        }
    }

    /** Each mode's best sustained deliveries/s over its qualifying runs (modes without one are absent). */
    static Map<String, Double> best(List<JsonNode> runs) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (JsonNode r : runs) {
            if (qualifies(r)) {
                best.merge(r.path("mode").asString(), r.path("deliveries").path("perSecond").asDouble(), Math::max);
            }
        }
        return best;
    }

    /** The summary lines: every side's best, then one RATIO line per reference. */
    static List<String> summary(Map<String, Double> best) {
        List<String> lines = new ArrayList<>();
        double renkei = best.getOrDefault(Options.RENKEI, 0.0);
        StringBuilder b = new StringBuilder(String.format(
                "best sustained deliveries/s at p99 <= %.0f ms with nothing lost: renkei %.0f", P99_LIMIT_MS, renkei));
        for (String ref : REFERENCES) {
            b.append(String.format(", %s %.0f", ref, best.getOrDefault(ref, 0.0)));
        }
        lines.add(b.toString());
        for (String ref : REFERENCES) {
            double other = best.getOrDefault(ref, 0.0);
            if (other > 0) {
                lines.add(String.format("RATIO renkei / %s = %.2f", ref, renkei / other));
            } else {
                lines.add("RATIO renkei / " + ref + " not computable (no qualifying " + ref + " run)");
            }
        }
        return lines;
    }

    static boolean qualifies(JsonNode r) {
        JsonNode lat = r.path("latencyMillis");
        return r.path("clean").asBoolean() && lat.path("count").asLong() > 0
                && lat.path("p99").asDouble(Double.MAX_VALUE) <= P99_LIMIT_MS;
    }
}
