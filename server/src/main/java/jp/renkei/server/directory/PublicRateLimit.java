package jp.renkei.server.directory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A per-address budget for the public directory (no sign-in): {@code renkei.directory.public-requests-per-minute}
 * requests per client address and clock minute. Beyond it the answer is {@code 429 RATE_LIMITED} with
 * {@code Retry-After}. The table is cleared every minute, so it holds at most one minute's addresses.
 * The address is the connection's; behind a reverse proxy set {@code server.forward-headers-strategy=native}
 * (docs/security.md) so that it is the client's, or every citizen would share the proxy's budget. The
 * proxy's own limit applies too; the public answers are also cacheable
 * ({@code Cache-Control: public, max-age}) so a proxy can absorb repeated searches.
 */
@Component
class PublicRateLimit {

    private final DirectorySettings settings;
    private final Clock clock;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile long minute = -1;

    PublicRateLimit(DirectorySettings settings, ObjectProvider<Clock> clock) {
        this.settings = settings;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Counts one request from {@code address}; the seconds to wait when over budget, else 0. */
    long take(String address) {
        long nowMillis = clock.millis();
        long m = nowMillis / 60_000;
        if (m != minute) {
            synchronized (this) {
                if (m != minute) {
                    counts.clear();
                    minute = m;
                }
            }
        }
        int n = counts.merge(address == null ? "-" : address, 1, Integer::sum);
        return n > settings.publicRequestsPerMinute() ? Math.max(1, 60 - (nowMillis / 1000) % 60) : 0;
    }
}
