package jp.renkei.server.beds;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs {@link BedService#maintain()} on a schedule: the embedded database has no TTL, so expired holds
 * are released, stale notices announced and old ones purged here.
 */
@Component
class BedMaintenance implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BedMaintenance.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bed-maintenance");
        t.setDaemon(true);
        return t;
    });

    BedMaintenance(BedService service, @Value("${renkei.beds.maintenance-seconds:30}") long seconds) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                service.maintain();
            } catch (RuntimeException e) {
                // Type only: messages could carry data.
                log.warn("bed maintenance failed: {}", e.getClass().getName());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
