package jp.renkei.server.directory;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jp.renkei.server.store.WriteConcerns;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A per-address budget for the public directory (no sign-in): {@code renkei.directory.public-requests-per-minute}
 * requests per client address and clock minute. Beyond it the answer is {@code 429 RATE_LIMITED} with
 * {@code Retry-After}. The address is the connection's; behind a reverse proxy set
 * {@code server.forward-headers-strategy=native} (docs/security.md) so that it is the client's, or every
 * citizen would share the proxy's budget. The proxy's own limit applies too; the public answers are also
 * cacheable ({@code Cache-Control: public, max-age}) so a proxy can absorb repeated searches.
 *
 * <p>A single node counts in memory (the table is cleared every minute, so it holds at most one minute's
 * addresses). In cluster mode ({@code renkei.cluster.enabled=true}) the counters are shared, so the budget
 * holds whichever node a request reaches: one document per address and minute in {@value #COLLECTION}
 * ({@code _id} = {@code public-directory|<address>|<minute>}), counted by one atomic {@code $inc} upsert whose
 * before-image gives the count; the minutes before the last are removed once a minute.
 */
@Component
class PublicRateLimit {

    static final String COLLECTION = "rate_limits";

    private final DirectorySettings settings;
    private final Clock clock;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /** Cluster mode only: the shared counters; null on a single node. */
    private final MongoCollection<Document> shared;
    private volatile long minute = -1;

    PublicRateLimit(DirectorySettings settings, ObjectProvider<Clock> clock, MongoDatabase db,
                    @Value("${renkei.cluster.enabled:false}") boolean cluster) {
        this.settings = settings;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.shared = cluster ? db.getCollection(COLLECTION).withWriteConcern(WriteConcerns.DERIVED) : null;
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
                    if (shared != null) {
                        shared.deleteMany(lt("minute", m - 1));
                    }
                }
            }
        }
        String who = address == null ? "-" : address;
        long n = shared == null ? counts.merge(who, 1, Integer::sum) : sharedCount(who, m);
        return n > settings.publicRequestsPerMinute() ? Math.max(1, 60 - (nowMillis / 1000) % 60) : 0;
    }

    private long sharedCount(String address, long m) {
        String id = "public-directory|" + address + "|" + m;
        Document before = shared.findOneAndUpdate(eq("_id", id),
                Updates.combine(Updates.inc("n", 1), Updates.setOnInsert("minute", m)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return (before == null || !(before.get("n") instanceof Number n) ? 0 : n.longValue()) + 1;
    }
}
