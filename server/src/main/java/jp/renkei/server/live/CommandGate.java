package jp.renkei.server.live;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bounds how many live commands (post, edit, acknowledge, read marker) store and fan out at once; the
 * others wait their turn, in arrival order, without using the processor.
 *
 * <p>Why: under overload every container thread (up to 200) would otherwise be inside the store at once,
 * and contention (optimistic retries in the storage engine, lock convoys, context switches) raised the
 * processor time of each post, which lowered capacity, which left more posts in flight: a loop that made
 * 20 % more load than the knee cost nearly twice the processor time. With a bound, the time per post
 * stays what it is at the knee; extra load waits here, and since a connection's frames are handled one
 * at a time, a client that sends faster than the server stores is slowed down by TCP flow control, not
 * dropped. The bound still lets concurrent writers share one journaled commit (group commit).
 */
@Component
class CommandGate {

    private final Semaphore permits;
    private final int limit;

    CommandGate(@Value("${renkei.live.command-concurrency:8}") int limit, MeterRegistry meters) {
        if (limit < 1) {
            throw new IllegalArgumentException("renkei.live.command-concurrency must be at least 1");
        }
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
        Gauge.builder("renkei.live.commands.waiting", permits, Semaphore::getQueueLength)
                .description("live commands waiting for their turn to store").register(meters);
    }

    /** Runs {@code command} once a permit is free; waits (uninterruptibly) until then. */
    <T> T run(Supplier<T> command) {
        permits.acquireUninterruptibly();
        try {
            return command.get();
        } finally {
            permits.release();
        }
    }

    /** The configured bound. */
    int limit() {
        return limit;
    }

    /** Commands waiting for a permit now (for tests and metrics). */
    int waiting() {
        return permits.getQueueLength();
    }
}
