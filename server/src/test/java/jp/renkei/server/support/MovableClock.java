package jp.renkei.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test can move forward, imported as the only {@code Clock} the server reads
 * ({@code @Import(MovableClock.class)}): grants end, sessions go idle, without sleeping. The offset is
 * shared by every context that imports it: reset it after each test ({@link #reset()}).
 */
@TestConfiguration
public class MovableClock {

    private static volatile Duration offset = Duration.ZERO;

    /** Moves the clock forward by {@code d} (from where it is). */
    public static void advance(Duration d) {
        offset = offset.plus(d);
    }

    /** Sets how far ahead of real time the clock runs. */
    public static void set(Duration ahead) {
        offset = ahead;
    }

    /** Back to real time. */
    public static void reset() {
        offset = Duration.ZERO;
    }

    @Bean
    @Primary
    Clock movableClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.offset(Clock.system(zone), offset);
            }

            @Override
            public Instant instant() {
                return Instant.now().plus(offset);
            }
        };
    }
}
