package jp.renkei.server.live;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.ServerMessages.ErrorReply;
import jp.renkei.protocol.ServerMessages.OkReply;
import jp.renkei.protocol.ServerMessages.Subscribed;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditContext;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditHandshakeInterceptor;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.error.DomainException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Renkei serves every subscription itself, so that it can authorize each one, resume from a sequence
 * number and check access again at every delivery. This interceptor takes SUBSCRIBE and UNSUBSCRIBE
 * frames off the inbound channel and checks every SEND's destination and request id before a command
 * handler sees it. Problems are answered on {@code /me/replies}; the connection stays open.
 */
@Component
class LiveInboundInterceptor implements ChannelInterceptor {

    /** Room subscriptions one session may hold at once. */
    static final int MAX_ROOM_SUBSCRIPTIONS = 50;

    private static final Set<String> COMMANDS = Set.of(Destinations.POST_NOTE, Destinations.EDIT_NOTE,
            Destinations.ACK_NOTE, Destinations.MARK_READ);

    private final LiveRegistry registry;
    private final LiveDelivery delivery;
    private final FrameSender sender;
    private final CurrentUser currentUser;
    private final RoomAccess access;
    private final AuditTrail audit;
    private final AccessPolicy policy;
    private final List<LiveTopic> topics;
    private final List<RoomView> views;
    /** Read again when a client resumes beyond the cached head (cluster mode: another node stored it). */
    private final jp.renkei.server.room.RoomCache rooms;

    LiveInboundInterceptor(LiveRegistry registry, LiveDelivery delivery, FrameSender sender,
                           CurrentUser currentUser, RoomAccess access, AuditTrail audit, AccessPolicy policy,
                           List<LiveTopic> topics, List<RoomView> views, jp.renkei.server.room.RoomCache rooms) {
        this.rooms = rooms;
        this.views = views;
        this.audit = audit;
        this.policy = policy;
        this.topics = topics;
        this.registry = registry;
        this.delivery = delivery;
        this.sender = sender;
        this.currentUser = currentUser;
        this.access = access;
    }

    /** Frames of STOMP 1.2 that Renkei does not support (protocol.md §7.3). */
    private static final java.util.Set<StompCommand> UNSUPPORTED = java.util.EnumSet.of(StompCommand.BEGIN,
            StompCommand.COMMIT, StompCommand.ABORT, StompCommand.ACK, StompCommand.NACK);

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        StompCommand command = stomp.getCommand();
        if (command == StompCommand.CONNECT) {
            checkConnect(stomp);
            return message;
        }
        if (command == StompCommand.SUBSCRIBE) {
            try (AuditContext.Scope ignored = AuditContext.open(AuditHandshakeInterceptor.originOf(stomp.getSessionAttributes()))) {
                subscribe(stomp);
            }
            return null;
        }
        if (command == StompCommand.UNSUBSCRIBE) {
            if (stomp.getSessionId() != null && stomp.getSubscriptionId() != null) {
                registry.unsubscribe(stomp.getSessionId(), stomp.getSubscriptionId());
                topics.forEach(t -> t.unsubscribe(stomp.getSessionId(), stomp.getSubscriptionId()));
            }
            return null;
        }
        if (command == StompCommand.SEND) {
            return checkSend(stomp) ? message : null;
        }
        if (UNSUPPORTED.contains(command)) {
            // Transactions and acknowledgements would be silently ignored: say so instead (an ERROR
            // frame, StompErrorHandler). Subscriptions are ack:auto; sequence numbers carry delivery.
            throw new DomainException(ErrorCode.UNSUPPORTED_FRAME);
        }
        return message;
    }

    /**
     * The policy decides CONNECT too (account enabled, both factors); a refusal is an ERROR frame with
     * {@code code:FORBIDDEN} and is audited. Spring Security has already required an authenticated
     * session and the CSRF token.
     */
    private void checkConnect(StompHeaderAccessor stomp) {
        UserAccount user = currentUser.of(stomp.getUser());
        Decision decision = policy.decide(user.subject(), Action.CONNECT_LIVE, null);
        if (!decision.allowed()) {
            audit.record(new AuditEntry(user.id(), "live.connect", "live-session", stomp.getSessionId(), null, false,
                    decision.reason().code(), AuditHandshakeInterceptor.originOf(stomp.getSessionAttributes())));
            throw new AccessDeniedException(decision.reason().code());
        }
    }

    private void subscribe(StompHeaderAccessor stomp) {
        LiveSession session = session(stomp);
        String destination = stomp.getDestination();
        String subscriptionId = stomp.getSubscriptionId();
        String requestId = stomp.getFirstNativeHeader(Destinations.HEADER_REQUEST_ID);
        try {
            if (subscriptionId == null || subscriptionId.isEmpty() || subscriptionId.length() > 64) {
                throw DomainException.invalid("id", "bad_format");
            }
            if (requestId != null && !Ids.isValidClientId(requestId)) {
                throw new DomainException(ErrorCode.MISSING_REQUEST_ID);
            }
            if (Destinations.ME_REPLIES.equals(destination)) {
                session.repliesSubscription(subscriptionId);
                return;
            }
            if (Destinations.ME_INBOX.equals(destination)) {
                session.inboxSubscription(subscriptionId);
                if (requestId != null) {
                    sender.reply(session, OkReply.of(requestId, new Subscribed(destination, 0)));
                }
                return;
            }
            RoomView view = viewFor(destination);
            if (view != null) {
                String viewRoomId = view.roomIdOf(destination);
                if (viewRoomId == null) {
                    throw new DomainException(ErrorCode.ROOM_NOT_FOUND);
                }
                subscribeView(stomp, session, view, viewRoomId, subscriptionId, requestId);
                return;
            }
            LiveTopic topic = topicFor(destination);
            if (topic != null) {
                Map<String, String> headers = new HashMap<>();
                Map<String, List<String>>nativeHeaders = stomp.toNativeHeaderMap();
                nativeHeaders.forEach((k, v) -> { if (!v.isEmpty()) headers.put(k, v.get(0)); });
                topic.subscribe(currentUser.of(stomp.getUser()),
                        new LiveChannel(sender, session.id(), subscriptionId, destination), headers);
                if (requestId != null) {
                    sender.reply(session, OkReply.of(requestId, new Subscribed(destination, 0)));
                }
                return;
            }
            String roomId = Destinations.roomIdOf(destination);
            if (roomId == null) {
                if (destination != null && destination.startsWith(Destinations.ROOM_PREFIX)) {
                    throw new DomainException(ErrorCode.ROOM_NOT_FOUND);
                }
                throw new DomainException(ErrorCode.UNKNOWN_DESTINATION);
            }
            UserAccount user = currentUser.of(stomp.getUser());
            Room room = access.require(user, roomId, Action.READ_TIMELINE);
            long head = headFor(roomId, room.head().seq(), stomp.getFirstNativeHeader(Destinations.HEADER_SINCE_SEQ));
            long since = parseSince(stomp.getFirstNativeHeader(Destinations.HEADER_SINCE_SEQ), head);
            if (session.rooms().size() >= MAX_ROOM_SUBSCRIPTIONS && !session.rooms().containsKey(subscriptionId)) {
                throw DomainException.invalid("id", "too_many");
            }
            // Durable before the subscription is answered (SP-AUD-01).
            audit.record(new AuditEntry(user.id(), "room.subscribe", "room", roomId, roomId, true, "member", null));
            delivery.start(new RoomSubscription(session, subscriptionId, roomId, since), requestId, head);
        } catch (DomainException e) {
            if (!AuditContext.denialRecorded()) {
                audit.record(new AuditEntry(session.userId(), "room.subscribe", "destination",
                        destination == null ? null : destination.length() > 200 ? destination.substring(0, 200) : destination,
                        Destinations.roomIdOf(destination), false, e.code().code(), null));
            }
            sender.reply(session, ErrorReply.of(requestId, e.code(), e.getMessage(), e.reason(), e.violations()));
        }
    }

    /** A registered view of a room (e.g. the family's calendar, SP-AUTHZ-03), asked of the policy as the view says. */
    private void subscribeView(StompHeaderAccessor stomp, LiveSession session, RoomView view, String roomId,
                               String subscriptionId, String requestId) {
        UserAccount user = currentUser.of(stomp.getUser());
        Room room = access.require(user, roomId, view.access());
        long head = headFor(roomId, room.head().seq(), stomp.getFirstNativeHeader(Destinations.HEADER_SINCE_SEQ));
        long since = parseSince(stomp.getFirstNativeHeader(Destinations.HEADER_SINCE_SEQ), head);
        if (session.rooms().size() >= MAX_ROOM_SUBSCRIPTIONS && !session.rooms().containsKey(subscriptionId)) {
            throw DomainException.invalid("id", "too_many");
        }
        delivery.start(new RoomSubscription(session, subscriptionId, roomId, since, view), requestId, head);
    }

    private RoomView viewFor(String destination) {
        if (destination == null) {
            return null;
        }
        for (RoomView v : views) {
            if (v.handles(destination)) {
                return v;
            }
        }
        return null;
    }

    private LiveTopic topicFor(String destination) {
        if (destination == null) {
            return null;
        }
        for (LiveTopic t : topics) {
            if (t.handles(destination)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The head to resume up to: the cached one, or, when the client has seen more than that (in a cluster,
     * another node stored it and this node's feed has not brought it yet), the room's head read again.
     */
    private long headFor(String roomId, long cachedHead, String sinceHeader) {
        if (sinceHeader == null || sinceHeader.isEmpty() || sinceHeader.length() > 18
                || !sinceHeader.chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(sinceHeader) <= cachedHead) {
            return cachedHead;
        }
        return rooms.refresh(roomId).map(r -> Math.max(cachedHead, r.head().seq())).orElse(cachedHead);
    }

    private static long parseSince(String header, long head) {
        if (header == null) {
            return head;
        }
        if (header.isEmpty() || header.length() > 18 || !header.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw DomainException.invalid(Destinations.HEADER_SINCE_SEQ, "bad_format");
        }
        long since = Long.parseLong(header);
        if (since > head) {
            throw new DomainException(ErrorCode.INVALID_SEQ);
        }
        return since;
    }

    private boolean checkSend(StompHeaderAccessor stomp) {
        LiveSession session = session(stomp);
        String requestId = stomp.getFirstNativeHeader(Destinations.HEADER_REQUEST_ID);
        if (!Ids.isValidClientId(requestId)) {
            sender.reply(session, ErrorReply.of(null, ErrorCode.MISSING_REQUEST_ID, null, null, null));
            return false;
        }
        if (!COMMANDS.contains(stomp.getDestination())) {
            sender.reply(session, ErrorReply.of(requestId, ErrorCode.UNKNOWN_DESTINATION, null, null, null));
            return false;
        }
        return true;
    }

    private LiveSession session(StompHeaderAccessor stomp) {
        Principal user = stomp.getUser();
        if (user == null || stomp.getSessionId() == null) {
            // The handshake requires a login, so this means a broken session: refuse loudly.
            throw new DomainException(ErrorCode.UNAUTHENTICATED);
        }
        return registry.session(stomp.getSessionId(), user.getName());
    }
}
