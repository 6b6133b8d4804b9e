package jp.renkei.server.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.OkReply;
import jp.renkei.protocol.ServerMessages.Receipt;
import jp.renkei.protocol.ServerMessages.Revoked;
import jp.renkei.protocol.ServerMessages.RoomActivity;
import jp.renkei.protocol.ServerMessages.RoomMembership;
import jp.renkei.protocol.ServerMessages.Subscribed;
import jp.renkei.protocol.Timestamps;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.EventViews;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers room events to subscribers: catch-up on subscribe, then live, each event exactly once and
 * in sequence order per subscription, with the access policy asked again at every delivery.
 *
 * <p>Events of one room may be handed over by several threads in any order; a subscription that
 * receives seq {@code n + 2} while it has sent only {@code n} reads {@code n + 1} from the store
 * first, and ignores anything it has already sent.
 */
@Component
class LiveDelivery implements RoomEventListener {

    private static final int CATCH_UP_BATCH = 100;
    /** Marks, in one delivery's map of shapes, a view that does not carry the event. */
    private static final byte[] NOT_CARRIED = new byte[0];

    private final LiveRegistry registry;
    private final FrameSender sender;
    private final EventRepository events;
    private final EventViews views;
    private final RoomAccess access;
    private final AccountRepository accounts;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final LiveMetrics metrics;

    LiveDelivery(LiveRegistry registry, FrameSender sender, EventRepository events, EventViews views,
                 RoomAccess access, AccountRepository accounts, JsonMapper json, AuditTrail audit,
                 LiveMetrics metrics) {
        this.metrics = metrics;
        this.audit = audit;
        this.registry = registry;
        this.sender = sender;
        this.events = events;
        this.views = views;
        this.access = access;
        this.accounts = accounts;
        this.json = json;
    }

    /**
     * Starts a subscription: registers it, replies ok, then sends every event after
     * {@code sinceSeq} up to the head. Live events arriving meanwhile wait on the subscription's lock.
     */
    void start(RoomSubscription sub, String requestId, long headSeq) {
        synchronized (sub) {
            registry.add(sub);
            sender.reply(sub.session(), OkReply.of(requestId, new Subscribed(sub.destination(), headSeq)));
            sendStored(sub, sub.delivered() + 1, headSeq);
        }
    }

    @Override
    public void onEvent(StoredEvent event, Room room) {
        byte[] wire = null;
        // Each registered view shapes the event once for all its subscribers (null: not carried).
        Map<RoomView, byte[]> shaped = null;
        List<String> recipients = new ArrayList<>();
        for (RoomSubscription sub : registry.subscriptionsOf(event.roomId())) {
            RoomView view = sub.view();
            byte[] bytes;
            if (view != null) {
                if (shaped == null) {
                    shaped = new java.util.IdentityHashMap<>();
                }
                byte[] viewWire = shaped.computeIfAbsent(view, v -> {
                    byte[] b = v.toWireBytes(event);
                    return b == null ? NOT_CARRIED : b;
                });
                bytes = viewWire == NOT_CARRIED ? null : viewWire;
            } else {
                if (wire == null) {
                    wire = views.toWireBytes(event);
                }
                bytes = wire;
            }
            if (deliver(sub, event, bytes, room)) {
                recipients.add(AuditEntry.recipient(sub.session().userId(), sub.session().id()));
            }
        }
        auditFanOut(event, recipients);
        notifyInboxes(event, room);
    }

    @Override
    public void onReadMarker(Room room, String userId, long readSeq) {
        byte[] receipt = json.writeValueAsBytes(Receipt.of(room.id(), userId, readSeq));
        for (RoomSubscription sub : registry.subscriptionsOf(room.id())) {
            synchronized (sub) {
                if (!sub.closed() && stillAllowed(sub, room)) {
                    send(sub, receipt, Map.of());
                }
            }
        }
        sendActivity(room, userId);
    }

    /**
     * Cluster mode: another node's event, delivered like a local one. Events of other nodes and this
     * node's own may reach a subscription in any order; the seq gap-fill and dedup of {@link #deliver}
     * keep each subscription exactly-once and in order whatever the interleaving.
     */
    @Override
    public void onRemoteEvent(StoredEvent event, Room room) {
        onEvent(event, room);
    }

    /** Cluster mode: a read marker moved on another node; its receipt reaches this node's subscribers. */
    @Override
    public void onRemoteReadMarker(Room room, String userId, long readSeq) {
        onReadMarker(room, userId, readSeq);
    }

    /**
     * Sends {@code event} on one subscription, after any earlier events it has not had yet.
     *
     * @return whether this event itself went out live on it (for the fan-out's audit entry); a gap-fill
     *     records its own catch-up entry
     */
    private boolean deliver(RoomSubscription sub, StoredEvent event, byte[] wire, Room room) {
        long seq = event.seq();
        synchronized (sub) {
            if (sub.closed() || seq <= sub.delivered()) {
                return false;
            }
            if (!stillAllowed(sub, room)) {
                return false;
            }
            if (seq > sub.delivered() + 1) {
                sendStored(sub, sub.delivered() + 1, seq - 1);
                if (sub.delivered() != seq - 1) {
                    // An earlier event is not readable yet; its own delivery will send both in order.
                    return false;
                }
            }
            if (wire != null) {
                send(sub, wire, Map.of(Destinations.HEADER_SEQ, Long.toString(seq)));
                metrics.delivered(event.ts());
            }
            sub.delivered(seq);
            return wire != null;
        }
    }

    /**
     * One entry for one event's fan-out (SP-AUD-01): the event and everyone it went to live, each with the
     * session it went on, instead of one entry per delivery. Batched, as deliveries are the most frequent
     * access of all.
     */
    private void auditFanOut(StoredEvent event, List<String> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        audit.recordBatched(new AuditEntry("system", "event.deliver", "event", event.roomId() + ":" + event.seq(),
                event.roomId(), true, "delivered:" + recipients.size(), null, recipients));
    }

    /** A catch-up of stored events on one subscription is an access (SP-AUD-01); batched. */
    private void auditDelivery(RoomSubscription sub, long from, long to) {
        String resource = from == to ? sub.roomId() + ":" + from : sub.roomId() + ":" + from + "-" + to;
        audit.recordBatched(new AuditEntry(sub.session().userId(), "event.catchup",
                "event", resource, sub.roomId(), true, "member", null,
                List.of(AuditEntry.recipient(sub.session().userId(), sub.session().id()))));
    }

    /** Sends stored events {@code from..to} in order, stopping at the first one not found. */
    private void sendStored(RoomSubscription sub, long from, long to) {
        long next = from;
        try {
            sendStoredFrom(sub, to);
        } finally {
            if (sub.delivered() >= next) {
                auditDelivery(sub, next, sub.delivered());
            }
        }
    }

    private void sendStoredFrom(RoomSubscription sub, long to) {
        long next = sub.delivered() + 1;
        while (next <= to) {
            List<StoredEvent> batch = events.range(sub.roomId(), next, Math.min(to, next + CATCH_UP_BATCH - 1));
            for (StoredEvent e : batch) {
                if (e.seq() != next) {
                    return;
                }
                byte[] bytes = sub.view() != null ? sub.view().toWireBytes(e) : views.toWireBytes(e);
                if (bytes != null) {
                    send(sub, bytes, Map.of(Destinations.HEADER_SEQ, Long.toString(e.seq())));
                    metrics.caughtUp(1);
                }
                sub.delivered(e.seq());
                next++;
            }
            if (batch.isEmpty()) {
                return;
            }
        }
    }

    /** Asks the policy whether the subscriber may still receive; if not, ends the subscription. */
    private boolean stillAllowed(RoomSubscription sub, Room room) {
        UserAccount user = accounts.findUser(sub.session().userId()).orElse(null);
        boolean allowed = user != null && (sub.view() != null
                ? access.allows(user, room, sub.view().access())
                : access.mayReceive(user, room));
        if (allowed) {
            return true;
        }
        audit.record(new AuditEntry(sub.session().userId(), "event.deliver", "room", room.id(), room.id(), false,
                "access_ended", null));
        send(sub, json.writeValueAsBytes(Revoked.of(room.id(), "access_ended")), Map.of());
        registry.remove(sub);
        return false;
    }

    private void notifyInboxes(StoredEvent event, Room room) {
        String affected = null;
        if (event.kind() == EventKind.MEMBER_INVITED || event.kind() == EventKind.MEMBER_REMOVED
                || event.kind() == EventKind.MEMBER_LEFT) {
            affected = event.kind() == EventKind.MEMBER_INVITED
                    ? json.readTree(event.body()).path("member").path("userId").asString()
                    : json.readTree(event.body()).path("userId").asString();
            Object change = event.kind() == EventKind.MEMBER_INVITED
                    ? RoomMembership.added(room.id()) : RoomMembership.removed(room.id());
            for (LiveSession s : registry.sessionsOf(affected)) {
                sendInbox(s, change);
            }
        }
        for (String memberId : room.members().keySet()) {
            sendActivity(room, memberId);
        }
    }

    private void sendActivity(Room room, String userId) {
        if (room.member(userId) == null) {
            return;
        }
        RoomActivity activity = RoomActivity.of(room.id(), room.head().seq(), room.unreadFor(userId),
                Timestamps.format(room.head().ts()));
        for (LiveSession s : registry.sessionsOf(userId)) {
            sendInbox(s, activity);
        }
    }

    private void sendInbox(LiveSession session, Object payload) {
        String subscriptionId = session.inboxSubscription();
        if (subscriptionId != null) {
            sender.sendJson(session.id(), subscriptionId, Destinations.ME_INBOX, payload);
        }
    }

    private void send(RoomSubscription sub, byte[] body, Map<String, String> headers) {
        sender.send(sub.session().id(), sub.subscriptionId(), sub.destination(), body, headers);
    }
}
