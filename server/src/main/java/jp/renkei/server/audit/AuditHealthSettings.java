package jp.renkei.server.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the {@code auditFlush} health component ({@code renkei.audit.health.*}), see
 * {@link AuditFlushHealth}. Batched entries (deliveries, reads) are normally written within
 * {@code renkei.audit.flush-millis}; a backlog means the database is slow or refuses writes.
 *
 * @param maxPending more entries waiting than this: {@code OUT_OF_SERVICE}
 * @param maxLag     the oldest waiting entry older than this: {@code OUT_OF_SERVICE}
 * @param downLag    the oldest waiting entry older than this: {@code DOWN} (the flusher is not writing)
 */
@ConfigurationProperties("renkei.audit.health")
public record AuditHealthSettings(@DefaultValue("20000") int maxPending,
                                  @DefaultValue("10s") Duration maxLag,
                                  @DefaultValue("60s") Duration downLag) {

    public AuditHealthSettings {
        if (maxPending < 1 || maxPending >= AuditTrail.capacity()) {
            throw new IllegalArgumentException("renkei.audit.health.max-pending must be 1.." + (AuditTrail.capacity() - 1));
        }
        if (maxLag.isNegative() || maxLag.isZero() || downLag.compareTo(maxLag) < 0) {
            throw new IllegalArgumentException("renkei.audit.health.max-lag must be positive and at most down-lag");
        }
    }
}
