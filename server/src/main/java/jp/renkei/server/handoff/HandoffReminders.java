package jp.renkei.server.handoff;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs {@link HandoffService#tick()} every minute: sheets sent and not acknowledged are reminded. The
 * rule itself reads the application's clock, so tests call {@code tick()} after moving it.
 */
@Component
class HandoffReminders implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HandoffReminders.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "handoff-reminders");
        t.setDaemon(true);
        return t;
    });

    HandoffReminders(HandoffService service, @Value("${renkei.handoff.tick-seconds:60}") long seconds) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                service.tick();
            } catch (RuntimeException e) {
                log.warn("handoff reminders failed: {}", e.getClass().getName());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
