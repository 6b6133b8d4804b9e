package jp.renkei.server.room;

import java.time.Clock;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Profession;
import jp.renkei.policy.Reason;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Ids;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the access policy about rooms, for every path (HTTP, STOMP SUBSCRIBE and SEND, delivery).
 * Non-members are told the room does not exist, so room ids cannot be probed.
 */
@Component
public class RoomAccess {

    private static final Logger log = LoggerFactory.getLogger(RoomAccess.class);

    private final AccessPolicy policy;
    private final RoomCache rooms;
    private final AuditTrail audit;
    private final Clock clock;

    public RoomAccess(AccessPolicy policy, RoomCache rooms, AuditTrail audit, Clock clock) {
        this.policy = policy;
        this.rooms = rooms;
        this.audit = audit;
        this.clock = clock;
    }

    /** The room if {@code user} may do {@code action} in it; otherwise the documented error. */
    public Room require(UserAccount user, String roomId, Action action) {
        return require(user, roomId, action, null, null);
    }

    /** As {@link #require(UserAccount, String, Action)}, with the owner or target some actions need. */
    public Room require(UserAccount user, String roomId, Action action, String resourceOwnerId, Profession target) {
        return requireFor(user, roomId, action, resourceOwnerId, Target.of(target));
    }

    /** As {@link #require(UserAccount, String, Action)}, with the owner and the whole target some actions need. */
    public Room requireFor(UserAccount user, String roomId, Action action, String resourceOwnerId, Target target) {
        if (!Ids.isValidRoomId(roomId)) {
            throw new DomainException(ErrorCode.ROOM_NOT_FOUND);
        }
        Room room = rooms.get(roomId).orElse(null);
        Decision decision = policy.decide(user.subject(), action,
                room == null ? null : room.factsFor(user.id(), clock.instant()), resourceOwnerId, target);
        if (!decision.allowed()) {
            // Ids only: never names or content (patient data stays out of logs).
            log.info("denied user={} action={} room={} reason={} rule={} controls={}", user.id(), action, roomId,
                    decision.reason().code(), decision.ruleId(), decision.controls());
            audit.record(new AuditEntry(user.id(), action.name(), "room", roomId, roomId, false,
                    decision.reason().code(), null));
            throw denial(decision);
        }
        return room;
    }

    /** Whether {@code user} may still receive events of {@code room} (checked at each delivery). */
    public boolean mayReceive(UserAccount user, Room room) {
        return policy.decide(user.subject(), Action.RECEIVE_EVENT, room.factsFor(user.id(), clock.instant())).allowed();
    }

    /**
     * Whether the policy allows {@code action} to {@code user} in {@code room}, without recording a
     * denial: for filtering a user's own rooms (agenda, feed) and for each live delivery.
     */
    public boolean allows(UserAccount user, Room room, Action action) {
        return policy.decide(user.subject(), action, room.factsFor(user.id(), clock.instant())).allowed();
    }

    private static DomainException denial(Decision decision) {
        if (decision.reason() == Reason.NOT_A_MEMBER) {
            return new DomainException(ErrorCode.ROOM_NOT_FOUND);
        }
        if (decision.reason() == Reason.CONSENT_REQUIRED) {
            return new DomainException(ErrorCode.CONSENT_REQUIRED, null, decision.reason().code(), null);
        }
        if (decision.reason() == Reason.ROOM_CLOSED) {
            return new DomainException(ErrorCode.ROOM_CLOSED, null, decision.reason().code(), null);
        }
        if (decision.reason() == Reason.ROOM_NOT_CLOSED) {
            return new DomainException(ErrorCode.ROOM_NOT_CLOSED, null, decision.reason().code(), null);
        }
        if (decision.reason() == Reason.ROOM_PURGED) {
            // A tombstone: the room is known to have existed, its content is gone for good (SP-RET-03).
            return new DomainException(ErrorCode.CONTENT_DESTROYED, null, decision.reason().code(), null);
        }
        if (decision.reason() == Reason.ROOM_ARCHIVED) {
            return new DomainException(ErrorCode.ROOM_ARCHIVED, null, decision.reason().code(), null);
        }
        return new DomainException(ErrorCode.FORBIDDEN, null, decision.reason().code(), null);
    }
}
