package jp.renkei.server.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The audit trail's meters (docs/operations.md, "Metrics"): {@code renkei.audit.backlog} (entries
 * chained but not yet written) and {@code renkei.audit.backlog.age} (seconds the oldest has waited).
 * No tags: nothing about who or which room.
 */
@Component
class AuditMetrics {

    AuditMetrics(MeterRegistry registry, AuditTrail trail) {
        Gauge.builder("renkei.audit.backlog", trail, t -> t.backlog().pending())
                .description("Audit entries chained but not yet written to the database")
                .baseUnit("entries")
                .register(registry);
        Gauge.builder("renkei.audit.backlog.age", trail, t -> t.backlog().oldestPendingAgeMillis() / 1000.0)
                .description("How long the oldest unwritten audit entry has waited")
                .baseUnit("seconds")
                .register(registry);
    }
}
