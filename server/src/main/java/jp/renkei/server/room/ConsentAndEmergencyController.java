package jp.renkei.server.room;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.ConsentWithdrawal;
import jp.renkei.protocol.Resources.EmergencyAccessRequest;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Consent records (SP-CON-01, 02) and break-the-glass grants with their review (SP-AUTHZ-04) over HTTP. */
@RestController
class ConsentAndEmergencyController {

    /** Grants must be reviewed within this many days (SP-AUTHZ-04). */
    static final Duration REVIEW_WITHIN = Duration.ofDays(7);

    private final CurrentUser currentUser;
    private final ConsentService consent;
    private final EmergencyAccessService emergency;

    ConsentAndEmergencyController(CurrentUser currentUser, ConsentService consent, EmergencyAccessService emergency) {
        this.currentUser = currentUser;
        this.consent = consent;
        this.emergency = emergency;
    }

    @PostMapping("/api/rooms/{roomId}/consent")
    ResponseEntity<Map<String, Long>> record(@PathVariable String roomId, @RequestBody ConsentRecord body,
                                             Principal principal) {
        long seq = consent.record(currentUser.of(principal), roomId, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("seq", seq));
    }

    @PostMapping("/api/rooms/{roomId}/consent/withdraw")
    ResponseEntity<Map<String, Long>> withdraw(@PathVariable String roomId, @RequestBody ConsentWithdrawal body,
                                               Principal principal) {
        long seq = consent.withdraw(currentUser.of(principal), roomId, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("seq", seq));
    }

    @PostMapping("/api/rooms/{roomId}/emergency-access")
    ResponseEntity<Map<String, String>> open(@PathVariable String roomId, @RequestBody EmergencyAccessRequest body,
                                             Principal principal) {
        Instant until = emergency.open(currentUser.of(principal), roomId, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("roomId", roomId, "until", until.toString()));
    }

    /** One grant as the reviewing administrator sees it; {@code overdue}: unreviewed for over 7 days. */
    record GrantView(String grantId, String roomId, String userId, String reason, String openedAt, String until,
                     String reviewedBy, String reviewComment, String reviewedAt, boolean overdue) {
    }

    /** The review comment. */
    record Review(String comment) {
    }

    @GetMapping("/api/admin/emergency-grants")
    List<GrantView> grants(Principal principal) {
        UserAccount admin = currentUser.of(principal);
        Instant now = Instant.now();
        return emergency.grantsToReview(admin).stream()
                .map(g -> new GrantView(g.id(), g.roomId(), g.userId(), g.reason(), g.openedAt().toString(),
                        g.until().toString(), g.reviewedBy(), g.reviewComment(),
                        g.reviewedAt() == null ? null : g.reviewedAt().toString(),
                        g.reviewedAt() == null && g.openedAt().plus(REVIEW_WITHIN).isBefore(now)))
                .toList();
    }

    @PostMapping("/api/admin/emergency-grants/{grantId}/review")
    ResponseEntity<Void> review(@PathVariable String grantId, @RequestBody Review body, Principal principal) {
        emergency.review(currentUser.of(principal), grantId, body == null ? null : body.comment());
        return ResponseEntity.noContent().build();
    }
}
