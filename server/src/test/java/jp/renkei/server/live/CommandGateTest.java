package jp.renkei.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The gate lets at most its bound of commands run at once, runs every one, and releases on failure. */
class CommandGateTest {

    @Test
    void neverMoreThanTheBoundRunAtOnceAndEveryCommandRuns() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CommandGate gate = new CommandGate(3, meters);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                int n = i;
                done.add(pool.submit(() -> gate.run(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        open.await(10, TimeUnit.SECONDS);
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                    return n;
                })));
            }
            while (gate.waiting() < 9) { // 12 threads: 3 inside, 9 waiting for a permit
                Thread.sleep(5);
            }
            assertThat(inside.get()).isEqualTo(3);
            assertThat(meters.get("renkei.live.commands.waiting").gauge().value()).isEqualTo(9.0);
            open.countDown();
            int sum = 0;
            for (Future<Integer> f : done) {
                sum += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(sum).isEqualTo(40 * 39 / 2);
            assertThat(most.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingCommandGivesItsPermitBack() {
        CommandGate gate = new CommandGate(1, new SimpleMeterRegistry());
        assertThatThrownBy(() -> gate.run(() -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(gate.run(() -> "next")).isEqualTo("next");
        assertThatThrownBy(() -> new CommandGate(0, new SimpleMeterRegistry())).isInstanceOf(IllegalArgumentException.class);
    }
}
