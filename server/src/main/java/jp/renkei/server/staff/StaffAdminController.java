package jp.renkei.server.staff;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Ids;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import jp.renkei.policy.Target;
import jp.renkei.server.auth.AuthSessions;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import jp.renkei.server.auth.AuthProperties;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.auth.EnrolmentLinks;
import jp.renkei.server.auth.Passkeys;

/**
 * A facility administrator's staff page: the organisation's accounts, reset links (SP-AUTH-05) and
 * offboarding (SP-AUTHZ-05). Every call asks the policy ({@code MANAGE_STAFF}, {@code OFFBOARD_USER})
 * with the target's organisation and is audited, allowed or denied.
 *
 * <p>Devices (SP-MOB-02, SP-INC-02): the administrator sees a staff member's registered devices
 * (passkeys) and revokes a lost one ({@code VIEW_DEVICES}, {@code REVOKE_DEVICE}): the passkey is removed
 * and every session signed in or unlocked with it ends at once; the device wipes its local data at its
 * next contact ({@code device_revoked}).
 */
@RestController
@RequestMapping("/api/admin/users")
class StaffAdminController {

    private final CurrentUser currentUser;
    private final AccountRepository accounts;
    private final CredentialStore credentials;
    private final Passkeys passkeys;
    private final EnrolmentLinks links;
    private final Offboarding offboarding;
    private final AuthProperties properties;
    private final AuditTrail audit;
    private final AuthSessions sessions;
    private final AccessPolicy policy;

    StaffAdminController(CurrentUser currentUser, AccountRepository accounts, CredentialStore credentials,
                         EnrolmentLinks links, Offboarding offboarding, AuthProperties properties, AuditTrail audit,
                         Passkeys passkeys, AuthSessions sessions, AccessPolicy policy) {
        this.sessions = sessions;
        this.policy = policy;
        this.passkeys = passkeys;
        this.currentUser = currentUser;
        this.accounts = accounts;
        this.credentials = credentials;
        this.links = links;
        this.offboarding = offboarding;
        this.properties = properties;
        this.audit = audit;
    }

    /** One staff member as the administrator sees them. */
    record StaffView(String userId, String loginId, String name, String profession, boolean active,
                     boolean secondFactor) {
    }

    /** A one-time link to hand to the person (in person or by a channel the facility trusts). */
    record LinkView(String userId, String link, String expiresAt) {
    }

    @GetMapping
    List<StaffView> list(Principal principal, HttpServletRequest request) {
        UserAccount admin = currentUser.of(principal);
        require(admin, Action.MANAGE_STAFF, admin.organizationId(), null, "staff.list", request);
        return accounts.usersOf(admin.organizationId()).stream()
                .map(u -> new StaffView(u.id(), u.loginId(), u.name(), u.profession().wire(), u.active(),
                        credentials.totpSecret(u.id()).isPresent() || passkeys.has(u.id())))
                .toList();
    }

    /** One registered device of a staff member, as the administrator sees it. */
    record DeviceView(String id, String label, String createdAt, String lastUsedAt) {
    }

    @GetMapping("/{userId}/passkeys")
    List<DeviceView> devices(@PathVariable String userId, Principal principal, HttpServletRequest request) {
        UserAccount admin = currentUser.of(principal);
        UserAccount target = target(userId);
        requireDevice(admin, Action.VIEW_DEVICES, target, "device.list", request);
        return passkeys.of(target.id()).stream().map(StaffAdminController::device).toList();
    }

    @DeleteMapping("/{userId}/passkeys/{id}")
    ResponseEntity<Void> revokeDevice(@PathVariable String userId, @PathVariable String id, Principal principal,
                                      HttpServletRequest request) {
        UserAccount admin = currentUser.of(principal);
        UserAccount target = target(userId);
        requireDevice(admin, Action.REVOKE_DEVICE, target, "device.revoke", request);
        if (id.length() > 1400 || !passkeys.delete(target.id(), id)) {
            throw new DomainException(ErrorCode.NOT_FOUND);
        }
        int ended = sessions.endAllWithCredential(id);
        audit.record(new AuditEntry(admin.id(), "device.revoke", "account", target.id(), null, true,
                "sessions_ended=" + ended, request.getRemoteAddr()));
        return ResponseEntity.noContent().build();
    }

    private void requireDevice(UserAccount admin, Action action, UserAccount target, String what,
                               HttpServletRequest request) {
        Decision decision = policy.decide(admin.subject(), action, null, target.id(),
                Target.organization(target.organizationId()));
        if (!decision.allowed() || action == Action.VIEW_DEVICES) {
            audit.record(new AuditEntry(admin.id(), what, "account", target.id(), null, decision.allowed(),
                    decision.reason().code(), request.getRemoteAddr()));
        }
        if (!decision.allowed()) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, decision.reason().code(), null);
        }
    }

    private static DeviceView device(CredentialRecord r) {
        return new DeviceView(r.getCredentialId().toBase64UrlString(), r.getLabel(),
                r.getCreated() == null ? null : r.getCreated().toString(),
                r.getLastUsed() == null ? null : r.getLastUsed().toString());
    }

    @PostMapping("/{userId}/reset-link")
    LinkView resetLink(@PathVariable String userId, Principal principal, HttpServletRequest request) {
        UserAccount admin = currentUser.of(principal);
        UserAccount target = target(userId);
        require(admin, Action.MANAGE_STAFF, target.organizationId(), target.id(), "staff.reset_link", request);
        if (!target.active()) {
            throw new DomainException(ErrorCode.USER_NOT_FOUND);
        }
        Instant expires = Instant.now().plus(properties.linkLifetime());
        String token = links.issue(target.id(), "reset", expires, admin.id());
        return new LinkView(target.id(), "/#/enrol/" + token, expires.toString());
    }

    @PostMapping("/{userId}/offboard")
    Offboarding.Result offboard(@PathVariable String userId, Principal principal, HttpServletRequest request) {
        UserAccount admin = currentUser.of(principal);
        UserAccount target = target(userId);
        require(admin, Action.OFFBOARD_USER, target.organizationId(), target.id(), "offboard", request);
        if (target.id().equals(admin.id())) {
            // The last administrator must not lock the facility out; another admin or the operator does it.
            throw new DomainException(ErrorCode.FORBIDDEN, null, "self", null);
        }
        if (!target.active()) {
            throw new DomainException(ErrorCode.USER_NOT_FOUND);
        }
        return offboarding.offboard(admin, target, request.getRemoteAddr());
    }

    private UserAccount target(String userId) {
        if (!Ids.isValidUserId(userId)) {
            throw new DomainException(ErrorCode.USER_NOT_FOUND);
        }
        return accounts.findUser(userId).orElseThrow(() -> new DomainException(ErrorCode.USER_NOT_FOUND));
    }

    private void require(UserAccount admin, Action action, String organizationId, String targetId, String what,
                         HttpServletRequest request) {
        Decision decision = policy.decideStaff(admin.subject(), action, organizationId);
        if (!decision.allowed()) {
            audit.record(new AuditEntry(admin.id(), what, "account", targetId, null, false, decision.reason().code(),
                    request.getRemoteAddr()));
            throw new DomainException(ErrorCode.FORBIDDEN, null, decision.reason().code(), null);
        }
        if (!"offboard".equals(what)) {
            audit.record(new AuditEntry(admin.id(), what, "account", targetId, null, true, decision.reason().code(),
                    request.getRemoteAddr()));
        }
    }
}
