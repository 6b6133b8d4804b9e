package jp.renkei.server.auth;

import java.util.OptionalLong;

import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page behind a one-time link (SP-AUTH-05): the person sets their own password and enrols an
 * authenticator app; no one else ever knows the password. A bad, used or expired link answers
 * 401 {@code AUTH_FAILED}. Completing a reset ends the account's other sessions.
 */
@RestController
@RequestMapping("/api/enrolment")
class EnrolmentController {

    private final EnrolmentLinks links;
    private final AccountRepository accounts;
    private final CredentialStore credentials;
    private final Passkeys passkeys;
    private final PasswordRules rules;
    private final PasswordEncoder passwords;
    private final Totp totp;
    private final AuthSessions sessions;
    private final AuthProperties properties;
    private final AuditTrail audit;

    EnrolmentController(EnrolmentLinks links, AccountRepository accounts, CredentialStore credentials,
                        PasswordRules rules, PasswordEncoder passwords, Totp totp, AuthSessions sessions,
                        AuthProperties properties, AuditTrail audit, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.links = links;
        this.accounts = accounts;
        this.credentials = credentials;
        this.rules = rules;
        this.passwords = passwords;
        this.totp = totp;
        this.sessions = sessions;
        this.properties = properties;
        this.audit = audit;
    }

    record StartRequest(String token) {
    }

    /** What the page shows: whose account, and the authenticator secret as URI, QR image and text. */
    record Enrolment(String purpose, String loginId, String name, String otpauthUri, String qrImage, String secret,
                     String expiresAt) {
    }

    record CompleteRequest(String token, String password, String code) {
    }

    @PostMapping("/start")
    Enrolment start(@RequestBody StartRequest body, HttpServletRequest request) {
        EnrolmentLinks.Link link = open(body == null ? null : body.token(), request);
        UserAccount account = accounts.findUser(link.userId()).orElseThrow(() -> new DomainException(ErrorCode.AUTH_FAILED));
        String secret = link.pendingSecret();
        if (secret == null) {
            secret = totp.newSecret();
            links.setPendingSecret(account.id(), secret);
        }
        String label = account.loginId();
        return new Enrolment(link.purpose(), account.loginId(), account.name(),
                totp.otpauthUri(properties.totpIssuer(), label, secret),
                totp.qrDataUri(properties.totpIssuer(), label, secret), secret, link.expiresAt().toString());
    }

    @PostMapping("/complete")
    ResponseEntity<Void> complete(@RequestBody CompleteRequest body, HttpServletRequest request) {
        if (body == null) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        EnrolmentLinks.Link link = open(body.token(), request);
        UserAccount account = accounts.findUser(link.userId()).orElseThrow(() -> new DomainException(ErrorCode.AUTH_FAILED));
        if (link.pendingSecret() == null) {
            throw DomainException.invalid("code", "not_started");
        }
        rules.check(account, body.password(), "password");
        OptionalLong step = totp.matchingStep(link.pendingSecret(), body.code() == null ? null : body.code().strip());
        if (step.isEmpty()) {
            throw DomainException.invalid("code", "wrong_code");
        }
        if (!links.consume(account.id())) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        String hash = passwords.encode(body.password());
        if (account.passwordHash() != null) {
            credentials.rememberPassword(account.id(), account.passwordHash(), properties.passwordHistory());
        }
        accounts.setPasswordHash(account.id(), hash);
        // The code just shown proves the app works; it cannot be used again to log in.
        credentials.setTotp(account.id(), link.pendingSecret(), step.getAsLong());
        // A reset replaces every second factor: a lost phone's passkey must not outlive it.
        passkeys.revokeAll(account.id());
        int ended = sessions.endAllOf(account.id());
        audit.record(new AuditEntry(account.id(), "enrolment." + link.purpose(), "account", account.id(), null, true,
                ended > 0 ? "sessions_ended" : "completed", request.getRemoteAddr()));
        return ResponseEntity.noContent().build();
    }

    private EnrolmentLinks.Link open(String token, HttpServletRequest request) {
        return links.find(token).orElseThrow(() -> {
            audit.record(new AuditEntry("-", "enrolment.open", "account", null, null, false, "bad_link",
                    request.getRemoteAddr()));
            return new DomainException(ErrorCode.AUTH_FAILED);
        });
    }
}
