package jp.renkei.server.store;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The embedded store's part of {@code /actuator/health} ({@code components.storage}): {@code UP} while
 * it accepts writes, {@code OUT_OF_SERVICE} while writes are refused for lack of space (reads still
 * served), {@code DOWN} while the storage engine is closed. Details: free bytes and both thresholds,
 * and {@code low: true} below the warning threshold. No patient data.
 */
final class StorageHealth implements HealthIndicator {

    private final EmbeddedMongoServer server;

    StorageHealth(EmbeddedMongoServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        StorageSpace space = server.space();
        StorageSpace.Level level = space.level();
        Health.Builder builder = !server.isOpen() ? Health.down()
                : level == StorageSpace.Level.FULL ? Health.status(Status.OUT_OF_SERVICE) : Health.up();
        return builder.withDetail("freeBytes", space.usableBytes())
                .withDetail("refuseWritesBelowBytes", space.minFreeBytes())
                .withDetail("warnBelowBytes", space.warnFreeBytes())
                .withDetail("low", level != StorageSpace.Level.OK)
                .build();
    }
}
