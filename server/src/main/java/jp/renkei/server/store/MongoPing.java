package jp.renkei.server.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The database's part of health ({@code components.mongo}): reachable and writable. A {@code ping}
 * (which both a MongoDB deployment and the embedded server answer; Boot's own indicator asks
 * {@code hello}, a command the embedded server does not have), then one small write as every real write
 * is made (majority, journaled), bounded by {@value #WRITE_TIMEOUT_SECONDS} s so that a replica set
 * without a majority answers instead of hanging the probe. {@code DOWN}: not reachable;
 * {@code OUT_OF_SERVICE}: reachable but refusing writes (no primary, no majority, a full disk).
 * Details: {@code writable} and the error's class only.
 */
final class MongoPing implements HealthIndicator {

    /** One document ({@code _id: "probe"}, a counter each probe increments); nothing else is in it. */
    static final String PROBE_COLLECTION = "health_probe";
    static final int WRITE_TIMEOUT_SECONDS = 5;

    private final MongoDatabase database;
    private final MongoCollection<Document> probe;

    MongoPing(MongoDatabase database) {
        this.database = database;
        this.probe = database.getCollection(PROBE_COLLECTION)
                .withWriteConcern(WriteConcerns.LOG.withWTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Override
    public Health health() {
        try {
            database.runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            return Health.down().withDetail("writable", false).withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
        try {
            probe.updateOne(new Document("_id", "probe"), new Document("$inc", new Document("n", 1L)),
                    new UpdateOptions().upsert(true));
            return Health.up().withDetail("writable", true).build();
        } catch (MongoException e) {
            return Health.status(Status.OUT_OF_SERVICE).withDetail("writable", false)
                    .withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
