package jp.renkei.server.audit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The audit flusher's part of health ({@code components.auditFlush}): whether batched audit entries
 * (deliveries, history reads) are being written. An access is only complete once its entry is stored,
 * and the trail refuses every action once {@link AuditTrail#capacity()} entries wait, so a node whose
 * flusher falls behind should stop taking traffic before that.
 *
 * <p>{@code UP} while the backlog is within {@link AuditHealthSettings}; {@code OUT_OF_SERVICE} when more
 * than {@code max-pending} entries wait or the oldest has waited longer than {@code max-lag};
 * {@code DOWN} when it has waited longer than {@code down-lag}. Details: counts and ages only.
 */
@Component("auditFlushHealthIndicator")
class AuditFlushHealth implements HealthIndicator {

    private final AuditTrail trail;
    private final AuditHealthSettings settings;

    AuditFlushHealth(AuditTrail trail, AuditHealthSettings settings) {
        this.trail = trail;
        this.settings = settings;
    }

    @Override
    public Health health() {
        AuditTrail.Backlog b = trail.backlog();
        Health.Builder builder;
        if (b.oldestPendingAgeMillis() > settings.downLag().toMillis()) {
            builder = Health.down();
        } else if (b.pending() > settings.maxPending() || b.oldestPendingAgeMillis() > settings.maxLag().toMillis()) {
            builder = Health.status(Status.OUT_OF_SERVICE);
        } else {
            builder = Health.up();
        }
        return builder.withDetail("pending", b.pending())
                .withDetail("oldestPendingAgeMillis", b.oldestPendingAgeMillis())
                .withDetail("lastFlushAgeMillis", b.lastFlushAgeMillis())
                .withDetail("failedFlushes", b.failedFlushes())
                .withDetail("maxPending", settings.maxPending())
                .withDetail("maxLagMillis", settings.maxLag().toMillis())
                .withDetail("downLagMillis", settings.downLag().toMillis())
                .build();
    }
}
