package jp.renkei.server.beds;

import java.util.function.IntSupplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The bed board's meters (docs/operations.md, "Metrics"): {@code renkei.beds.fanout}, how long one
 * vacant-bed notice takes to reach every matching subscription (serialising it once, asking the policy
 * per recipient, handing each frame to its socket), as a Prometheus histogram; and
 * {@code renkei.beds.fanout.recipients}, to how many it went. No tags: no clinic, office or user.
 */
@Component
class BedMetrics {

    private final Timer fanOut;
    private final DistributionSummary recipients;

    BedMetrics(MeterRegistry registry) {
        this.fanOut = Timer.builder("renkei.beds.fanout")
                .description("Time to send one vacant-bed notice to every matching subscription")
                .publishPercentileHistogram()
                .register(registry);
        this.recipients = DistributionSummary.builder("renkei.beds.fanout.recipients")
                .description("Subscriptions one vacant-bed notice was sent to")
                .baseUnit("subscriptions")
                .register(registry);
    }

    /** Runs one fan-out, timing it; {@code fanOut} answers how many it sent to. */
    void time(IntSupplier fanOut) {
        Timer.Sample sample = Timer.start();
        int sent = fanOut.getAsInt();
        sample.stop(this.fanOut);
        recipients.record(sent);
    }
}
