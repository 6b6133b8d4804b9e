package jp.renkei.server.store;

import com.mongodb.ConnectionString;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Database wiring. With {@code spring.mongodb.uri} set, Boot's auto-configuration connects to that
 * MongoDB (a replica set in production). Without it, an embedded server is started and Boot is
 * pointed at it through a {@link MongoConnectionDetails} bean: the rest of the application cannot
 * tell the difference.
 */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(NoMongoUriConfigured.class)
    EmbeddedMongoServer embeddedMongoServer(EmbeddedMongoProperties properties) {
        return EmbeddedMongoServer.start(properties);
    }

    /** {@code /actuator/health} component {@code mongo}: a ping (Boot's own indicator asks {@code hello}). */
    @Bean
    MongoPing mongoHealthIndicator(MongoDatabase database) {
        return new MongoPing(database);
    }

    /** {@code /actuator/health} component {@code storage}: writes refused for lack of space show here. */
    @Bean
    @Conditional(NoMongoUriConfigured.class)
    StorageHealth storageHealthIndicator(EmbeddedMongoServer server) {
        return new StorageHealth(server);
    }

    @Bean
    @Conditional(NoMongoUriConfigured.class)
    MongoConnectionDetails embeddedMongoConnectionDetails(EmbeddedMongoServer server) {
        ConnectionString cs = new ConnectionString(server.connectionString());
        return () -> cs;
    }

    /**
     * The application database. Writes are acknowledged only once a majority of the replica set has
     * journaled them, so an acknowledged write survives a primary failover; reads see only majority-
     * committed data. The embedded server accepts and satisfies both with its commit-per-write.
     */
    @Bean
    MongoDatabase renkeiDatabase(MongoClient client, @Value("${spring.mongodb.database:renkei}") String name) {
        return client.getDatabase(name)
                .withWriteConcern(WriteConcerns.LOG)
                .withReadConcern(ReadConcern.DEFAULT);
    }
}
