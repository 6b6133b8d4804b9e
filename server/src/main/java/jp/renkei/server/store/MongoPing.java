package jp.renkei.server.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The database's part of {@code /actuator/health} ({@code components.mongo}): a {@code ping}, which
 * both a MongoDB deployment and the embedded server answer. Replaces Boot's own indicator, which asks
 * {@code hello}, a command the embedded server does not have (it would report DOWN for a working store).
 */
final class MongoPing implements HealthIndicator {

    private final MongoDatabase database;

    MongoPing(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public Health health() {
        try {
            database.runCommand(new Document("ping", 1));
            return Health.up().build();
        } catch (MongoException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
