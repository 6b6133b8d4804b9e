package jp.renkei.server.room;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Resources.EmergencyAccessRequest;
import jp.renkei.protocol.ServerMessages.EmergencyOpened;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Break the glass (SP-AUTHZ-04): a licensed clinician who is not a member opens a patient room read-only
 * for a limited time, with a mandatory reason. The grant is a room event, so the host and every member
 * see it in the timeline at once; it is recorded for the grantee's facility administrator, who reviews it;
 * it expires by itself (every decision compares its end with the clock) and is never renewed: a new
 * need means a new grant with a new reason.
 */
@Service
public class EmergencyAccessService {

    private final RoomLogs logs;
    private final RoomAccess access;
    private final EmergencyGrantRepository grants;
    private final AccountRepository accounts;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration grantLength;

    EmergencyAccessService(RoomLogs logs, RoomAccess access, EmergencyGrantRepository grants,
                           AccountRepository accounts, AccessPolicy policy, AuditTrail audit, Clock clock,
                           @Value("${renkei.emergency.grant-minutes:240}") int grantMinutes) {
        if (grantMinutes < 1 || grantMinutes > Limits.MAX_EMERGENCY_MINUTES) {
            throw new IllegalArgumentException("renkei.emergency.grant-minutes must be 1.."
                    + Limits.MAX_EMERGENCY_MINUTES + " (SP-AUTHZ-04: at most 4 hours)");
        }
        this.logs = logs;
        this.access = access;
        this.grants = grants;
        this.accounts = accounts;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.grantLength = Duration.ofMinutes(grantMinutes);
    }

    /** Opens a grant for {@code user} on {@code roomId}; returns when it ends. */
    public Instant open(UserAccount user, String roomId, EmergencyAccessRequest request) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        int length = reason.codePointCount(0, reason.length());
        if (length < 4) {
            throw DomainException.invalid("reason", reason.isEmpty() ? "required" : "too_short");
        }
        if (length > Limits.MAX_EMERGENCY_REASON) {
            throw DomainException.invalid("reason", "too_long");
        }
        return logs.exclusive(roomId, () -> {
            access.require(user, roomId, Action.EMERGENCY_OPEN);
            Instant now = clock.instant();
            Instant until = now.plus(grantLength);
            String grantId = "g-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            // The review record first: a grant that exists in the room is always up for review.
            grants.insert(grantId, roomId, user.id(), user.organizationId(), reason, now, until);
            logs.append(roomId, EventKind.EMERGENCY_OPENED, user.person(),
                    new EmergencyOpened(user.id(), reason, until.toString()), null, CommandAudit.none());
            audit.record(new AuditEntry(user.id(), "emergency.open", "room", roomId, roomId, true,
                    "emergency_granted", null));
            return until;
        });
    }

    /** The grants of {@code admin}'s organisation's staff, newest first, for review. */
    public List<EmergencyGrantRepository.Grant> grantsToReview(UserAccount admin) {
        // Asked with a colleague as target: only facility administrators get past this.
        require(admin, new Target(jp.renkei.policy.Profession.NURSE, admin.organizationId(), false), null);
        return grants.ofOrganization(admin.organizationId());
    }

    /** Records that {@code admin} reviewed grant {@code grantId}, with a comment. */
    public void review(UserAccount admin, String grantId, String comment) {
        String text = comment == null ? "" : comment.strip();
        if (text.isEmpty()) {
            throw DomainException.invalid("comment", "required");
        }
        if (text.codePointCount(0, text.length()) > 500) {
            throw DomainException.invalid("comment", "too_long");
        }
        EmergencyGrantRepository.Grant grant = grants.find(grantId)
                .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND));
        UserAccount grantee = accounts.findUser(grant.userId()).orElse(null);
        require(admin, grantee == null ? null : new Target(grantee.profession(), grant.organizationId(), false),
                grantId);
        grants.review(grantId, admin.id(), text, clock.instant());
        audit.record(new AuditEntry(admin.id(), "emergency.review", "emergency-grant", grantId, grant.roomId(),
                true, "facility_admin_of_user", null));
    }

    private void require(UserAccount admin, Target target, String grantId) {
        Decision d = policy.decide(admin.subject(), Action.REVIEW_EMERGENCY_ACCESS, null, null, target);
        if (!d.allowed()) {
            audit.record(new AuditEntry(admin.id(), "emergency.review", "emergency-grant", grantId, null, false,
                    d.reason().code(), null));
            // Another organisation's grant is reported as missing, like a room one is not a member of.
            throw grantId != null ? new DomainException(ErrorCode.NOT_FOUND)
                    : new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
    }
}
