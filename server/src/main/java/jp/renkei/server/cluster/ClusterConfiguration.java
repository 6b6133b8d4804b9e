package jp.renkei.server.cluster;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.store.ChangeStreamFollower;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster mode's beans, present only with {@code renkei.cluster.enabled=true}: in single-node mode no feed,
 * no thread and no health component exist, and events carry no origin.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "renkei.cluster.enabled", havingValue = "true")
@EnableConfigurationProperties(ClusterSettings.class)
class ClusterConfiguration {

    @Bean
    RemoteChanges remoteChanges(RoomCache cache, EventRepository events, ObjectProvider<RoomEventListener> listeners) {
        return new RemoteChanges(cache, events, listeners);
    }

    @Bean
    ChangeStreamFeed changeStreamFeed(MongoDatabase db, RemoteChanges remote, EventRepository events) {
        return new ChangeStreamFeed(db, remote, events.origin());
    }

    /** {@code /actuator/health} component {@code changeStream} (part of {@code /readyz}). */
    @Bean
    ChangeStreamHealth changeStreamHealthIndicator(ChangeStreamFeed feed, RemoteChanges remote, ClusterSettings settings) {
        return new ChangeStreamHealth(feed, remote, settings);
    }

    /**
     * {@code renkei.cluster.lag} (seconds): how late the last change of either stream reached this node after
     * it was written. No tags beyond the application's.
     */
    @Bean
    Gauge clusterLagGauge(MeterRegistry registry, ChangeStreamFeed feed) {
        return Gauge.builder("renkei.cluster.lag", feed, f -> f.states().stream()
                        .mapToLong(ChangeStreamFollower.State::lastLagMillis).max().orElse(0) / 1000.0)
                .description("How late the last change from another node reached this node")
                .baseUnit("seconds")
                .register(registry);
    }
}
