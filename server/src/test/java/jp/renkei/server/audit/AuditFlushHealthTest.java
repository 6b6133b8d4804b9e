package jp.renkei.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import jp.renkei.server.store.EmbeddedMongoProperties;
import jp.renkei.server.store.EmbeddedMongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/**
 * The {@code auditFlush} health component: {@code UP} while batched audit entries are written, then
 * {@code OUT_OF_SERVICE} and {@code DOWN} as the backlog grows and ages when the database refuses every
 * write (an embedded store whose free-space margin can never be met), driven by a clock the test moves.
 */
class AuditFlushHealthTest {

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock();
    private final AuditHealthSettings thresholds = new AuditHealthSettings(3, Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    @Test
    void aFlusherThatCannotWriteTurnsTheComponentOutOfServiceThenDown() {
        // A margin no disk has: the store refuses every write, as a full disk or a lost primary does.
        EmbeddedMongoProperties refusing = new EmbeddedMongoProperties(dir.resolve("data"), false,
                DataSize.ofTerabytes(1L << 20), DataSize.ofTerabytes(1L << 21), "127.0.0.1", 0, false);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(refusing);
             MongoClient client = MongoClients.create(server.connectionString());
             AuditTrail trail = trail(client)) {
            AuditFlushHealth health = new AuditFlushHealth(trail, thresholds);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            trail.recordBatched(read(1));
            trail.recordBatched(read(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> trail.backlog().failedFlushes() >= 2);
            Health behind = health.health();
            assertThat(behind.getStatus()).isEqualTo(Status.UP); // two entries, just now: within the thresholds
            assertThat(behind.getDetails()).containsEntry("pending", 2).containsEntry("oldestPendingAgeMillis", 0L);

            clock.advance(Duration.ofSeconds(11));
            Health late = health.health();
            assertThat(late.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat((Long) late.getDetails().get("oldestPendingAgeMillis")).isGreaterThanOrEqualTo(11_000L);

            trail.recordBatched(read(3));
            trail.recordBatched(read(4));
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.health().getDetails()).containsEntry("pending", 4);

            clock.advance(Duration.ofSeconds(50));
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat((Long) health.health().getDetails().get("failedFlushes")).isGreaterThanOrEqualTo(2L);
        }
    }

    @Test
    void aFlusherThatKeepsUpStaysUpHoweverLongTheServerRuns() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir.resolve("data"), false);
             MongoClient client = MongoClients.create(server.connectionString());
             AuditTrail trail = trail(client)) {
            AuditFlushHealth health = new AuditFlushHealth(trail, thresholds);
            for (int i = 0; i < 10; i++) {
                trail.recordBatched(read(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> trail.backlog().pending() == 0);
            clock.advance(Duration.ofMinutes(5));
            Health h = health.health();
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("pending", 0).containsEntry("failedFlushes", 0L);
        }
    }

    private AuditTrail trail(MongoClient client) {
        AuditSettings settings = new AuditSettings("n1", null, 5, 1000, Duration.ofHours(1), ZoneId.of("Asia/Tokyo"),
                22, 6, 30, null, Duration.ofSeconds(10));
        return new AuditTrail(client.getDatabase("renkei"), settings,
                AuditSigner.loadOrCreate(dir.resolve("audit-signing.key")), id -> null, clock);
    }

    private static AuditEntry read(int n) {
        return new AuditEntry("-", "history.page", "room", "r-health" + n, null, true, "member", "test");
    }

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T01:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
