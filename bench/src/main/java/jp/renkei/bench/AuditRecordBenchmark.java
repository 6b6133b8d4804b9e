package jp.renkei.bench;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditSettings;
import jp.renkei.server.audit.AuditSigner;
import jp.renkei.server.audit.AuditTrail;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one audit entry (SP-AUD-01/02): chaining (SHA-256 over the canonical bytes) and the
 * write on the embedded database, for the two ways in.
 *
 * <ul>
 *   <li>{@code durable}: {@link AuditTrail#record}, durable before it returns (writes, denials).</li>
 *   <li>{@code batched}: 100 × {@link AuditTrail#recordBatched} then one flush, as the flusher does
 *       every 50 ms for deliveries and reads; reported per entry.</li>
 * </ul>
 * Checkpoints (one Ed25519 signature per 1,000 entries) are included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AuditRecordBenchmark {

    @Param({"true", "false"})
    public boolean fsync;

    private BenchDatabase database;
    private AuditTrail trail;
    private AuditEntry entry;

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = BenchDatabase.start("audit", fsync);
        java.nio.file.Path key = java.nio.file.Files.createTempDirectory("renkei-bench-key").resolve("audit.key");
        trail = new AuditTrail(database.db(), AuditSettings.defaults("n1"), AuditSigner.loadOrCreate(key),
                id -> null, Clock.systemUTC());
        entry = new AuditEntry("u-yamamoto", "event.deliver", "event", "r-0123456789ab:1234", "r-0123456789ab",
                true, "member", "192.0.2.10");
    }

    @TearDown(Level.Trial)
    public void stop() {
        trail.close();
        database.close();
    }

    @Benchmark
    public void durable() {
        trail.record(entry);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public void batched() {
        for (int i = 0; i < 100; i++) {
            trail.recordBatched(entry);
        }
        trail.flush();
    }
}
