package jp.renkei.server.cluster;

import jp.renkei.server.store.ChangeStreamFollower;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Cluster mode's part of health ({@code components.changeStream}, in {@code /readyz}): a node whose change
 * streams are closed does not see other nodes' posts, so it should not take traffic.
 *
 * <p>{@code DOWN} while a stream is not open (it is being reopened); {@code OUT_OF_SERVICE} when a stream
 * has not answered for {@code renkei.cluster.max-lag}, or its last change, seen within that time, arrived
 * later than that after it was written; else {@code UP}. Details per stream: counts and ages only.
 */
final class ChangeStreamHealth implements HealthIndicator {

    private final ChangeStreamFeed feed;
    private final RemoteChanges remote;
    private final ClusterSettings settings;

    ChangeStreamHealth(ChangeStreamFeed feed, RemoteChanges remote, ClusterSettings settings) {
        this.feed = feed;
        this.remote = remote;
        this.settings = settings;
    }

    @Override
    public Health health() {
        long max = settings.maxLag().toMillis();
        boolean down = false;
        boolean late = false;
        Health.Builder builder = Health.up();
        for (ChangeStreamFollower.State s : feed.states()) {
            down |= !s.open();
            late |= s.lastPollAgeMillis() > max
                    || s.lastLagMillis() > max && s.lastChangeAgeMillis() >= 0 && s.lastChangeAgeMillis() < max;
            builder.withDetail(s.name(), java.util.Map.of("open", s.open(), "lagMillis", s.lastLagMillis(),
                    "lastChangeAgeMillis", s.lastChangeAgeMillis(), "lastPollAgeMillis", s.lastPollAgeMillis(),
                    "changes", s.changes(), "reopens", s.reopens()));
        }
        builder.withDetail("pendingEvents", remote.pendingCount()).withDetail("maxLagMillis", max);
        if (down) {
            builder.status(Status.DOWN);
        } else if (late) {
            builder.status(Status.OUT_OF_SERVICE);
        }
        return builder.build();
    }
}
