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
 *
 * <p>{@code Compare --cross-node results/*.json} prints runs with members on two nodes instead: latency to
 * the members on the posters' node and on the other node, and each node's CPU.
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
        if (args.length > 0 && args[0].equals("--cross-node")) {
            System.out.println(CROSS_NODE_HEADER);
            for (int i = 1; i < args.length; i++) {
                System.out.println(crossNodeRow(LoadGenerator.JSON.readTree(Files.readString(Path.of(args[i])))));
            }
            return;
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

    static final String CROSS_NODE_HEADER = String.format("%8s %12s %9s %9s %10s %10s %6s %6s %6s  %s", "posts/s",
            "delivered/s", "same p50", "same p99", "cross p50", "cross p99", "lost", "dup", "ok",
            "server cpu % by pid");

    /** One run with members on two nodes: latency on each side of the split, losses, each node's CPU. */
    static String crossNodeRow(JsonNode r) {
        JsonNode same = r.path("latencySameNodeMillis");
        JsonNode cross = r.path("latencyCrossNodeMillis");
        JsonNode byPid = r.path("server").path("cpuPercentByPid");
        StringBuilder cpu = new StringBuilder();
        for (var e : byPid.properties()) {
            cpu.append(cpu.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asString());
        }
        if (cpu.isEmpty()) {
            cpu.append(r.path("server").path("cpuPercent").asDouble(-1));
        }
        return String.format(java.util.Locale.ROOT, "%8.0f %12.0f %9.1f %9.1f %10.1f %10.1f %6d %6d %6s  %s",
                r.path("options").path("rate").asDouble(), r.path("deliveries").path("perSecond").asDouble(),
                same.path("p50").asDouble(-1), same.path("p99").asDouble(-1), cross.path("p50").asDouble(-1),
                cross.path("p99").asDouble(-1), r.path("deliveries").path("lost").asLong(),
                r.path("deliveries").path("duplicated").asLong(), qualifies(r) ? "yes" : "NO", cpu);
    }

    static boolean qualifies(JsonNode r) {
        JsonNode lat = r.path("latencyMillis");
        return r.path("clean").asBoolean() && lat.path("count").asLong() > 0
                && lat.path("p99").asDouble(Double.MAX_VALUE) <= P99_LIMIT_MS;
    }
}
