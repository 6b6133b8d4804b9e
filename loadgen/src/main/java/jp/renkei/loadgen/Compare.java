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
 * Reads result files of {@link LoadGenerator} runs and prints them as a table, then the ratio of
 * Renkei's best sustained deliveries/s at p99 ≤ 100 ms (and nothing lost or duplicated) to RabbitMQ's.
 *
 * <pre>java -cp loadgen.jar jp.renkei.loadgen.Compare results/*.json</pre>
 */
public final class Compare {

    static final double P99_LIMIT_MS = 100;

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
        System.out.printf("%-8s %8s %10s %12s %8s %8s %8s %8s %6s %6s %6s %8s%n", "mode", "posts/s", "offered/s",
                "delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "dup", "ok", "srv cpu%");
        Map<String, Double> best = new LinkedHashMap<>();
        for (JsonNode r : runs) {
            String mode = r.path("mode").asString();
            JsonNode lat = r.path("latencyMillis");
            double delivered = r.path("deliveries").path("perSecond").asDouble();
            boolean qualifies = qualifies(r);
            System.out.printf("%-8s %8.0f %10.0f %12.0f %8.1f %8.1f %8.1f %8.1f %6d %6d %6s %8.0f%n", mode,
                    r.path("options").path("rate").asDouble(), r.path("deliveries").path("offeredPerSecond").asDouble(),
                    delivered, lat.path("p50").asDouble(), lat.path("p99").asDouble(), lat.path("p99.9").asDouble(),
                    lat.path("max").asDouble(), r.path("deliveries").path("lost").asLong(),
                    r.path("deliveries").path("duplicated").asLong(), qualifies ? "yes" : "NO",
                    r.path("server").path("cpuPercent").asDouble());
            if (qualifies) {
                best.merge(mode, delivered, Math::max);
            }
        }
        double renkei = best.getOrDefault("renkei", 0.0);
        double rabbit = best.getOrDefault("rabbitmq", 0.0);
        System.out.printf("best sustained deliveries/s at p99 <= %.0f ms with nothing lost: renkei %.0f, rabbitmq %.0f%n",
                P99_LIMIT_MS, renkei, rabbit);
        if (rabbit > 0) {
            System.out.printf("RATIO renkei / rabbitmq = %.2f%n", renkei / rabbit);
        } else {
            System.out.println("RATIO not computable (no qualifying RabbitMQ run)");
        }
    }

    static boolean qualifies(JsonNode r) {
        JsonNode lat = r.path("latencyMillis");
        return r.path("clean").asBoolean() && lat.path("count").asLong() > 0
                && lat.path("p99").asDouble(Double.MAX_VALUE) <= P99_LIMIT_MS;
    }
}
