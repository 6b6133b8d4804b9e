package jp.renkei.server.notify;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs {@link DeferredMentions#sendDue()} every {@code renkei.notify.deferred-check-seconds} (60): a held
 * mention goes out within a minute of its contact window's start. Tests call {@code sendDue()} themselves
 * after moving the clock.
 */
@Component
class DeferredMentionsSchedule implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeferredMentionsSchedule.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notify-deferred");
        t.setDaemon(true);
        return t;
    });

    DeferredMentionsSchedule(DeferredMentions deferred,
                             @Value("${renkei.notify.deferred-check-seconds:60}") long seconds) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                deferred.sendDue();
            } catch (RuntimeException e) {
                log.warn("deferred notifications failed: {}", e.getClass().getName());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
