package jp.renkei.server.live;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Live delivery's meters (docs/operations.md, "Metrics"). Tags name only the mode of delivery, never a
 * room, user or session.
 * <ul>
 *   <li>{@code renkei.deliveries{mode=live|catchup}}: room events sent to a subscription;</li>
 *   <li>{@code renkei.delivery.latency}: from the event's append (its server time) to its frame being
 *       handed to the socket, live deliveries only (a catch-up sends old events on purpose), as a
 *       Prometheus histogram (buckets 1 ms to 30 s: percentiles with {@code histogram_quantile}, across
 *       nodes too);</li>
 *   <li>{@code renkei.live.sessions}: open STOMP sessions on this node.</li>
 * </ul>
 * The latency is measured on the wall clock, the clock that stamps events ({@code RoomLogs.append}).
 */
@Component
class LiveMetrics {

    private final Counter live;
    private final Counter catchUp;
    private final Timer latency;

    LiveMetrics(MeterRegistry registry, LiveRegistry sessions) {
        this.live = deliveries(registry, "live");
        this.catchUp = deliveries(registry, "catchup");
        this.latency = Timer.builder("renkei.delivery.latency")
                .description("From a room event's append to its frame being sent to a live subscriber")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        Gauge.builder("renkei.live.sessions", sessions, LiveRegistry::sessionCount)
                .description("Open live (STOMP) sessions on this node")
                .baseUnit("sessions")
                .register(registry);
    }

    private static Counter deliveries(MeterRegistry registry, String mode) {
        return Counter.builder("renkei.deliveries").tag("mode", mode)
                .description("Room events sent to subscribers")
                .baseUnit("events")
                .register(registry);
    }

    /** A live delivery of an event appended at {@code appendedAt}, sent now. */
    void delivered(Instant appendedAt) {
        live.increment();
        latency.record(Duration.between(appendedAt, Instant.now()));
    }

    /** Stored events sent during a catch-up. */
    void caughtUp(int count) {
        catchUp.increment(count);
    }
}
