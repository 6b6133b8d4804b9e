package jp.renkei.server.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.handoff.HandoffService;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.notify.NotifyPreferences.Preferences;
import jp.renkei.server.notify.NotifyTargets.Target;
import jp.renkei.server.notify.PushSubscriptions.Subscription;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides, at send time, whom to notify and sends: on one {@code notify} thread of its own, so the
 * appending thread (which holds the room's write lock) only hands over an event. For each candidate:
 * the account is active, the access policy still lets them receive the room's events (members only,
 * so never a family member for the staff timeline, a removed member or a 緊急閲覧 grantee) or see the
 * bed inquiry, the kind is switched on, it is not their quiet hours, and they have a browser
 * subscribed. Then a fresh opaque target is stored and each browser gets a payload with a fixed
 * phrase and that id only (SP-MOB-04).
 *
 * <p>Notifications are best effort: the queue is bounded ({@code renkei.notify.queue-capacity}) and
 * a notification that does not fit is dropped and logged.
 */
@Component
class Notifications implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final NotifySettings settings;
    private final PushSubscriptions subscriptions;
    private final NotifyPreferences preferences;
    private final NotifyTargets targets;
    private final PushSender sender;
    private final AccountRepository accounts;
    private final RoomCache rooms;
    private final RoomAccess access;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final SubscriptionLifetime lifetime;
    /** Handoff sheets: who may see one (asked before each push and when a notification is opened). */
    private final ObjectProvider<HandoffService> handoffs;
    /** Notifications handed over and not yet sent, and requests to push services not yet answered. */
    private final AtomicInteger inFlight = new AtomicInteger();

    Notifications(NotifySettings settings, PushSubscriptions subscriptions, NotifyPreferences preferences,
                  NotifyTargets targets, PushSender sender, AccountRepository accounts, RoomCache rooms,
                  RoomAccess access, AccessPolicy policy, AuditTrail audit, JsonMapper json,
                  ObjectProvider<Clock> clock, SubscriptionLifetime lifetime, ObjectProvider<HandoffService> handoffs) {
        this.lifetime = lifetime;
        this.handoffs = handoffs;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.preferences = preferences;
        this.targets = targets;
        this.sender = sender;
        this.accounts = accounts;
        this.rooms = rooms;
        this.access = access;
        this.policy = policy;
        this.audit = audit;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), r -> {
                    Thread t = new Thread(r, "notify");
                    t.setDaemon(true);
                    return t;
                }, (r, e) -> {
                    inFlight.decrementAndGet();
                    log.warn("notification queue full: one notification dropped");
                });
    }

    /** Hands {@code work} to the notify thread; returns at once. */
    void submit(Runnable work) {
        if (!settings.enabled()) {
            return;
        }
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("notification failed: {}", e.toString());
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /**
     * Notifies members of {@code roomId} (call on the notify thread). {@code candidates}: each
     * candidate's kinds for the event; the author is never among them.
     */
    void toRoomMembers(String roomId, Map<String, Set<NotifyKind>> candidates) {
        Room room = rooms.get(roomId).orElse(null);
        if (room == null) {
            return;
        }
        for (Map.Entry<String, Set<NotifyKind>> c : candidates.entrySet()) {
            UserAccount user = accounts.findUser(c.getKey()).orElse(null);
            if (user == null || !user.active() || room.member(user.id()) == null || !access.mayReceive(user, room)) {
                continue;
            }
            send(user, c.getValue(), new Target(null, user.id(), "room", roomId, null, null, null, null));
        }
    }

    /** Notifies the users of organisation {@code orgId} who may see the inquiry (call on the notify thread). */
    void toBedParty(String orgId, String exceptUserId, String inquiryId, String clinicId, String officeId) {
        for (UserAccount user : accounts.usersOf(orgId)) {
            if (!user.active() || user.id().equals(exceptUserId)
                    || !policy.decideBeds(user.subject(), Action.VIEW_BED_INQUIRY, clinicId, officeId).allowed()) {
                continue;
            }
            send(user, EnumSet.of(NotifyKind.BEDS),
                    new Target(null, user.id(), "beds", null, inquiryId, clinicId, officeId, null));
        }
    }

    /**
     * Notifies the care staff of organisation {@code orgId} who may see handoff sheet {@code handoffId}
     * now (call on the notify thread). The payload carries only the kind's fixed phrase (SP-MOB-04).
     */
    void toHandoffParty(String orgId, String exceptUserId, String handoffId) {
        HandoffService service = handoffs.getIfAvailable();
        if (service == null) {
            return;
        }
        for (UserAccount user : accounts.usersOf(orgId)) {
            if (!user.active() || user.id().equals(exceptUserId) || !service.mayView(user, handoffId)) {
                continue;
            }
            send(user, EnumSet.of(NotifyKind.HANDOFF), new Target(null, user.id(), "handoff", null, handoffId, null,
                    null, null));
        }
    }

    /**
     * Tells a member of {@code roomId} again about an urgent note no one has acknowledged (call on the
     * notify thread): the same checks as {@link #toRoomMembers}, but quiet hours do not hold it back.
     */
    void escalateToMember(String roomId, String userId) {
        Room room = rooms.get(roomId).orElse(null);
        UserAccount user = accounts.findUser(userId).orElse(null);
        if (room == null || user == null || !user.active() || room.member(userId) == null || !access.mayReceive(user, room)) {
            return;
        }
        send(user, EnumSet.of(NotifyKind.URGENT), new Target(null, user.id(), "room", roomId, null, null, null, null), false);
    }

    /**
     * Tells {@code userId}, who may not read the room, only that something needs attention (call on the
     * notify thread). The caller has asked the policy ({@code RECEIVE_ESCALATION_ALERT}); the target
     * leads to the app's list of such alerts, never to a room.
     */
    void attention(String userId) {
        UserAccount user = accounts.findUser(userId).orElse(null);
        if (user == null || !user.active()) {
            return;
        }
        send(user, EnumSet.of(NotifyKind.ATTENTION), new Target(null, user.id(), "attention", null, null, null, null, null),
                false);
    }

    private void send(UserAccount user, Set<NotifyKind> kinds, Target place) {
        send(user, kinds, place, true);
    }

    private void send(UserAccount user, Set<NotifyKind> kinds, Target place, boolean honourQuietHours) {
        Preferences prefs = preferences.of(user.id());
        NotifyKind kind = null;
        for (NotifyKind k : NotifyKind.values()) {
            if (kinds.contains(k) && prefs.wants(k)) {
                kind = k;
                break;
            }
        }
        if (kind == null || honourQuietHours && prefs.isQuietAt(LocalTime.ofInstant(clock.instant(), settings.zone()))) {
            return;
        }
        List<Subscription> subs = new ArrayList<>();
        for (Subscription sub : subscriptions.of(user.id())) {
            if (lifetime.isCurrent(user.id(), sub)) {
                subs.add(sub);
            } else {
                // The sign-in it was made on has ended (a shared PC's session, a revoked passkey).
                subscriptions.remove(user.id(), sub.id());
                audit.recordBatched(new AuditEntry(user.id(), "notify.unsubscribe", "push-subscription", sub.id(),
                        null, true, "sign_in_ended", null));
            }
        }
        if (subs.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Target target = new Target(NotifyTargets.newId(), user.id(), place.kind(), place.roomId(), place.inquiryId(),
                place.clinicId(), place.officeId(), now.plus(settings.targetLifetime()));
        targets.insert(target);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", 1);
        payload.put("kind", kind.wire());
        payload.put("title", "Renkei");
        payload.put("body", kind.phrase());
        payload.put("id", target.id());
        byte[] bytes = json.writeValueAsBytes(payload);
        for (Subscription sub : subs) {
            inFlight.incrementAndGet();
            boolean high = kind == NotifyKind.URGENT || kind == NotifyKind.EMERGENCY || kind == NotifyKind.ATTENTION;
            sender.send(user.id(), sub, bytes, high).whenComplete((status, e) -> inFlight.decrementAndGet());
        }
        // Ids only (SP-AUD-01, SP-PRV-05): who was told, through which target, about which room.
        audit.recordBatched(new AuditEntry(user.id(), "notify.push", "notification", target.id(), place.roomId(),
                true, kind.wire(), null));
    }

    /**
     * Where notification {@code id} leads, for its recipient only and only while they may still read
     * the room or see the inquiry; anything else is {@code NOT_FOUND} (no hint whether the id exists).
     */
    Map<String, String> resolve(UserAccount user, String id) {
        boolean wellFormed = id != null && id.matches("[A-Za-z0-9_-]{22}");
        Target t = wellFormed ? targets.find(id, clock.instant()).orElse(null) : null;
        boolean allowed = t != null && t.userId().equals(user.id());
        if (allowed && "room".equals(t.kind())) {
            try {
                access.require(user, t.roomId(), Action.READ_TIMELINE); // records its own denial too
            } catch (DomainException e) {
                allowed = false;
            }
        } else if (allowed && "handoff".equals(t.kind())) {
            HandoffService service = handoffs.getIfAvailable();
            allowed = service != null && service.mayView(user, t.inquiryId());
        } else if (allowed && "attention".equals(t.kind())) {
            allowed = true; // leads to the recipient's own list of alerts, which shows no content
        } else if (allowed) {
            allowed = policy.decideBeds(user.subject(), Action.VIEW_BED_INQUIRY, t.clinicId(), t.officeId()).allowed();
        }
        // Client text is recorded only when it has the shape of an id.
        audit.record(new AuditEntry(user.id(), "notify.resolve", "notification", wellFormed ? id : null,
                allowed ? t.roomId() : null,
                allowed, allowed ? "recipient" : "not_found", null));
        if (!allowed) {
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        if ("handoff".equals(t.kind())) {
            return Map.of("kind", "handoff", "handoffId", t.inquiryId());
        }
        if ("attention".equals(t.kind())) {
            return Map.of("kind", "attention");
        }
        return "room".equals(t.kind()) ? Map.of("kind", "room", "roomId", t.roomId())
                : Map.of("kind", "beds", "inquiryId", t.inquiryId());
    }

    /** Waits until nothing is queued, running or being sent (tests). */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (inFlight.get() == 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** The current members of {@code roomId} (none if the room is unknown). */
    List<String> members(String roomId) {
        return rooms.get(roomId).map(r -> List.copyOf(r.members().keySet())).orElse(List.of());
    }

    static Map<String, Set<NotifyKind>> add(Map<String, Set<NotifyKind>> map, Collection<String> users,
                                            NotifyKind kind, String authorId) {
        for (String u : users) {
            if (u != null && !u.equals(authorId)) {
                map.computeIfAbsent(u, k -> EnumSet.noneOf(NotifyKind.class)).add(kind);
            }
        }
        return map;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
