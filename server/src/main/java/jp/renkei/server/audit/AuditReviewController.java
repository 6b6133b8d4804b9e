package jp.renkei.server.audit;

import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Ids;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/audit}: a facility administrator reviews their own staff's accesses
 * (SP-AUD-04). The policy decides ({@link Action#VIEW_AUDIT}); every review, allowed or refused, is
 * itself recorded.
 */
@RestController
@RequestMapping("/api/admin/audit")
class AuditReviewController {

    private final AccessPolicy policy;
    private final CurrentUser currentUser;
    private final AuditReview review;
    private final AuditTrail audit;

    AuditReviewController(AccessPolicy policy, CurrentUser currentUser, AuditReview review, AuditTrail audit) {
        this.policy = policy;
        this.currentUser = currentUser;
        this.review = review;
        this.audit = audit;
    }

    @GetMapping
    AuditReview.Page review(@RequestParam(defaultValue = "entries") String view,
                            @RequestParam(required = false) String actor,
                            @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to,
                            @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "50") int size,
                            @RequestParam(defaultValue = "true") boolean technical,
                            Principal principal, HttpServletRequest request) {
        UserAccount user = currentUser.of(principal);
        // The reviewer's own organisation: an administrator reviews their own staff only.
        Decision decision = policy.decide(user.subject(), Action.VIEW_AUDIT, null, null,
                Target.organization(user.organizationId()));
        String origin = request.getRemoteAddr();
        if (!decision.allowed()) {
            audit.record(new AuditEntry(user.id(), "audit.view", "audit", user.organizationId(), null, false,
                    decision.reason().code(), origin));
            throw new DomainException(ErrorCode.FORBIDDEN, null, decision.reason().code(), null);
        }
        AuditReview.View v = AuditReview.View.fromWire(view);
        if (v == null) {
            throw DomainException.invalid("view", "unknown");
        }
        if (actor != null && (actor.length() > 64 || !Ids.isValidClientId(actor))) {
            throw DomainException.invalid("actor", "bad_format");
        }
        LocalDate today = LocalDate.now(review.zone());
        LocalDate end = date("to", to, today);
        LocalDate start = date("from", from, end.minusDays(6));
        if (start.isAfter(end)) {
            throw DomainException.invalid("from", "after_to");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > AuditReview.MAX_DAYS) {
            throw DomainException.invalid("to", "range_too_long");
        }
        if (page < 0 || page > 10_000) {
            throw DomainException.invalid("page", "out_of_range");
        }
        if (size < 1 || size > AuditReview.MAX_PAGE) {
            throw DomainException.invalid("size", "out_of_range");
        }
        // Reviewing is an access too (SP-AUD-04: acknowledgements and reviews are logged), durable first.
        audit.record(new AuditEntry(user.id(), "audit.view", "audit", v.wire() + ":" + start + ".." + end
                + (actor == null ? "" : ":" + actor), null, true, decision.reason().code(), origin));
        return review.review(user.organizationId(), v, actor, start, end, page, size, technical);
    }

    private static LocalDate date(String field, String value, LocalDate otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        if (value.length() != 10) {
            throw DomainException.invalid(field, "bad_format");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(field, "bad_format");
        }
    }
}
