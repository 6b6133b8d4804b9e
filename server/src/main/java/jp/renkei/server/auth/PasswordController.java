package jp.renkei.server.auth;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/account/password}: a logged-in user changes their password (SP-AUTH-03). */
@RestController
class PasswordController {

    private final CurrentUser currentUser;
    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final PasswordRules rules;
    private final CredentialStore credentials;
    private final LoginThrottle throttle;
    private final AuthProperties properties;
    private final AuditTrail audit;

    PasswordController(CurrentUser currentUser, AccountRepository accounts, PasswordEncoder passwords,
                       PasswordRules rules, CredentialStore credentials, LoginThrottle throttle,
                       AuthProperties properties, AuditTrail audit) {
        this.currentUser = currentUser;
        this.accounts = accounts;
        this.passwords = passwords;
        this.rules = rules;
        this.credentials = credentials;
        this.throttle = throttle;
        this.properties = properties;
        this.audit = audit;
    }

    record ChangePassword(String currentPassword, String newPassword) {
    }

    @PostMapping("/api/account/password")
    ResponseEntity<Void> change(@RequestBody ChangePassword body, Principal principal, HttpServletRequest request) {
        UserAccount me = currentUser.of(principal);
        String login = AccountRepository.normalizedLogin(me.loginId());
        if (body == null || body.currentPassword() == null || body.currentPassword().length() > 256
                || me.passwordHash() == null || !passwords.matches(body.currentPassword(), me.passwordHash())) {
            // A wrong current password counts towards the lockout like a failed login (SP-AUTH-04).
            throttle.fail(login);
            audit.record(new AuditEntry(me.id(), "password.change", "account", me.id(), null, false,
                    "bad_credentials", request.getRemoteAddr()));
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        rules.check(me, body.newPassword(), "newPassword");
        credentials.rememberPassword(me.id(), me.passwordHash(), properties.passwordHistory());
        accounts.setPasswordHash(me.id(), passwords.encode(body.newPassword()));
        audit.record(new AuditEntry(me.id(), "password.change", "account", me.id(), null, true, "changed",
                request.getRemoteAddr()));
        return ResponseEntity.noContent().build();
    }
}
