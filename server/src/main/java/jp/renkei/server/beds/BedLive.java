package jp.renkei.server.beds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import jp.renkei.policy.Reason;
import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.live.LiveChannel;
import jp.renkei.server.live.LiveTopic;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live delivery of the bed board ({@value Destinations#BED_BOARD}, with filter headers) and of inquiry
 * steps ({@value Destinations#BED_INQUIRIES}). The policy is asked on SUBSCRIBE and again at each
 * delivery, against the current account (a disabled or moved account gets nothing more). A notice is
 * serialised once and sent to every matching subscription by one fan-out thread, in the order the
 * changes were made: {@link BedService} hands it over once the change is durable, under its lock, and
 * does not wait for 500 offices' sockets (nor the next change for this one's audit write) — measured in
 * docs/benchmarks.md (bed-board fan-out).
 *
 * <p>Audit: each SUBSCRIBE (allowed or denied) and each denied delivery is one entry; allowed deliveries
 * of one notice are one entry with their count (notices carry no patient data, and one durable write per
 * recipient would make a 500-office fan-out wait on 500 syncs).
 */
@Component
class BedLive implements LiveTopic {

    /** Bed subscriptions one session may hold. */
    static final int MAX_PER_SESSION = 10;

    private record Sub(LiveChannel channel, String userId, BoardFilter filter, boolean inquiries) {
    }

    private final BedService service;
    private final AccountRepository accounts;
    private final AuditTrail audit;
    private final JsonMapper json;
    /** sessionId → subscriptionId → subscription. */
    private final Map<String, Map<String, Sub>> subs = new ConcurrentHashMap<>();
    private final ExecutorService fanOut;

    private final BedMetrics metrics;

    BedLive(BedService service, AccountRepository accounts, AuditTrail audit, JsonMapper json, BedMetrics metrics) {
        this.metrics = metrics;
        this.service = service;
        this.accounts = accounts;
        this.audit = audit;
        this.json = json;
        // Single thread: deliveries of one notice arrive in version order. Unbounded queue: publishing is
        // paced by its durable writes, far slower than a fan-out (a few ms for 500 offices).
        this.fanOut = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bed-fanout");
            t.setDaemon(true);
            return t;
        });
        service.onNotice(notice -> {
            Instant at = service.now();
            fanOut.execute(() -> metrics.time(() -> deliver(notice, at)));
        });
        service.onInquiry(this::deliver);
    }

    /** Lets queued deliveries finish on shutdown. */
    @PreDestroy
    void stop() throws InterruptedException {
        fanOut.shutdown();
        fanOut.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public boolean handles(String destination) {
        return Destinations.BED_BOARD.equals(destination) || Destinations.BED_INQUIRIES.equals(destination);
    }

    @Override
    public void subscribe(UserAccount user, LiveChannel channel, Map<String, String> headers) {
        boolean inquiries = Destinations.BED_INQUIRIES.equals(channel.destination());
        BoardFilter filter = inquiries ? BoardFilter.ANY : BoardFilter.of(headers.get(Destinations.HEADER_BED_AREA),
                headers.get(Destinations.HEADER_BED_TYPE), headers.get(Destinations.HEADER_BED_ACCEPTS));
        boolean allowed = service.mayViewBoard(user);
        audit.record(new AuditEntry(user.id(), "bed.subscribe", "bed-board", channel.destination(), null, allowed,
                allowed ? "subscribed" : Reason.NOT_DISCHARGE_OFFICE.code(), null));
        if (!allowed) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, Reason.NOT_DISCHARGE_OFFICE.code(), null);
        }
        Map<String, Sub> mine = subs.computeIfAbsent(channel.sessionId(), k -> new ConcurrentHashMap<>());
        if (mine.size() >= MAX_PER_SESSION && !mine.containsKey(channel.subscriptionId())) {
            throw DomainException.invalid("id", "too_many");
        }
        mine.put(channel.subscriptionId(), new Sub(channel, user.id(), filter, inquiries));
    }

    @Override
    public void unsubscribe(String sessionId, String subscriptionId) {
        Map<String, Sub> mine = subs.get(sessionId);
        if (mine != null) {
            mine.remove(subscriptionId);
        }
    }

    @Override
    public void sessionClosed(String sessionId) {
        subs.remove(sessionId);
    }

    /** Number of board subscriptions (for tests and the benchmark's readiness check). */
    int boardSubscriptions() {
        return subs.values().stream().mapToInt(m -> (int) m.values().stream().filter(s -> !s.inquiries()).count()).sum();
    }

    /** Sends {@code notice} to every matching board subscription; answers how many it went to. */
    private int deliver(BedNotice notice, Instant at) {
        byte[] body = json.writeValueAsBytes(BedViews.noticeMessage(notice, at));
        List<String> recipients = new ArrayList<>();
        for (Map<String, Sub> mine : subs.values()) {
            for (Sub s : mine.values()) {
                if (s.inquiries() || !s.filter().matches(notice)) {
                    continue;
                }
                UserAccount user = accounts.findUser(s.userId()).orElse(null);
                if (user == null || !service.mayViewBoard(user)) {
                    audit.record(new AuditEntry(s.userId(), "bed.deliver", "bed-notice", notice.id(), null, false,
                            Reason.NOT_DISCHARGE_OFFICE.code(), null));
                    unsubscribe(s.channel().sessionId(), s.channel().subscriptionId());
                    continue;
                }
                s.channel().send(body);
                recipients.add(AuditEntry.recipient(s.userId(), s.channel().sessionId()));
            }
        }
        if (!recipients.isEmpty()) {
            // One entry for the fan-out, with every office user and session it went to; batched (no journaled
            // write of its own), like the room fan-out's.
            audit.recordBatched(new AuditEntry("system", "bed.deliver", "bed-notice", notice.id(), null, true,
                    "delivered:" + recipients.size(), null, recipients));
        }
        return recipients.size();
    }

    private void deliver(BedInquiry inquiry) {
        byte[] body = json.writeValueAsBytes(BedViews.inquiryMessage(inquiry));
        for (Map<String, Sub> mine : subs.values()) {
            for (Sub s : mine.values()) {
                if (!s.inquiries()) {
                    continue;
                }
                UserAccount user = accounts.findUser(s.userId()).orElse(null);
                if (user == null || !Set.of(inquiry.clinicId(), inquiry.officeId()).contains(user.organizationId())) {
                    continue;
                }
                boolean allowed = service.mayViewInquiry(user, inquiry);
                audit.record(new AuditEntry(user.id(), "bed.deliver", "bed-inquiry", inquiry.id(), null, allowed,
                        allowed ? Reason.INQUIRY_PARTY.code() : Reason.NOT_INQUIRY_PARTY.code(), null));
                if (allowed) {
                    s.channel().send(body);
                }
            }
        }
    }
}
