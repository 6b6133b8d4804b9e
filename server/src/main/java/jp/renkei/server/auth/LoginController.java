package jp.renkei.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Subject;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ProtocolVersion;
import jp.renkei.protocol.Resources.LoginRequest;
import jp.renkei.protocol.Resources.SessionInfo;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.AccountViews;
import jp.renkei.server.account.RenkeiPrincipal;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.authentication.HttpSessionPublicKeyCredentialRequestOptionsRepository;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login in two steps (SP-AUTH-02): {@code POST /api/login} checks the password and leaves a session
 * that holds only the password factor; {@code POST /api/login/totp} adds the second factor and makes
 * the session a full login. Each step gives a new session id and CSRF token.
 *
 * <p>On a phone with a registered passkey, signing in is one step instead (SP-AUTH-02): {@code POST
 * /api/login/passkey-first} with a passkey assertion made with user verification required (the device-bound
 * key and the fingerprint, face or device PIN are two factors). That session is bound to the passkey: it
 * locks when idle instead of ending (SP-AUTH-06, {@link AuthSessions}).
 *
 * <p>SP-AUTH-04: unknown login ids, wrong passwords, disabled accounts and locked login ids all get
 * the same 401 {@code AUTH_FAILED}, after the same Argon2 work.
 */
@RestController
@RequestMapping("/api/login")
class LoginController {

    static final String PENDING_SINCE = LoginController.class.getName() + ".pendingSince";
    /** The challenge of a passkey-only sign-in, kept in the session for its one answer. */
    static final String PASSKEY_FIRST = LoginController.class.getName() + ".passkeyFirst";

    private final AccountRepository accounts;
    private final AccountViews views;
    private final PasswordEncoder passwords;
    private final CredentialStore credentials;
    private final Totp totp;
    private final LoginThrottle throttle;
    private final AuthSessions sessions;
    private final AuthProperties properties;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrfTokens;
    private final AuditTrail audit;
    private final Passkeys passkeys;
    private final AccessPolicy policy;
    private final HttpSessionPublicKeyCredentialRequestOptionsRepository passkeyChallenges =
            new HttpSessionPublicKeyCredentialRequestOptionsRepository();
    private final XorCsrfTokenRequestAttributeHandler csrfHandler = new XorCsrfTokenRequestAttributeHandler();
    /** Compared against when there is no hash to check, so every attempt costs one Argon2 run. */
    private final String dummyHash;

    LoginController(AccountRepository accounts, AccountViews views, PasswordEncoder passwords,
                    CredentialStore credentials, Totp totp, LoginThrottle throttle, AuthSessions sessions,
                    AuthProperties properties, SecurityContextRepository contexts, CsrfTokenRepository csrfTokens,
                    AuditTrail audit, Passkeys passkeys, AccessPolicy policy) {
        this.policy = policy;
        this.accounts = accounts;
        this.views = views;
        this.passwords = passwords;
        this.credentials = credentials;
        this.totp = totp;
        this.throttle = throttle;
        this.sessions = sessions;
        this.properties = properties;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
        this.audit = audit;
        this.passkeys = passkeys;
        this.dummyHash = passwords.encode("renkei-no-such-account-" + System.nanoTime());
    }

    /** The answer to the password step: which second factors the account can give, and a new CSRF token. */
    record LoginStep(String step, List<String> methods, String csrfHeader, String csrfToken) {
    }

    /** {@code {"code": "123456"}}. */
    record TotpRequest(String code) {
    }

    @PostMapping
    LoginStep password(@RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body == null || body.username() == null || body.password() == null
                || body.username().isBlank() || body.username().length() > 64 || body.password().length() > 256) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        String login = AccountRepository.normalizedLogin(body.username());
        UserAccount account = accounts.findByLogin(body.username()).orElse(null);
        boolean usable = account != null && account.active() && account.passwordHash() != null;
        boolean matches = passwords.matches(body.password(), usable ? account.passwordHash() : dummyHash);
        boolean locked = throttle.locked(login);
        if (!usable || !matches || locked) {
            failed(login, account, "password", locked ? "locked" : "bad_credentials", request);
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        // A new session (fixation) that holds only the password factor.
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(PENDING_SINCE, Instant.now());
        save(new RenkeiPrincipal(account), account, List.of(Factors.PASSWORD), request, response);
        audit.record(new AuditEntry(account.id(), "login.password", "account", account.id(), null, true,
                "second_factor_required", request.getRemoteAddr()));
        List<String> methods = new java.util.ArrayList<>();
        if (credentials.totpSecret(account.id()).isPresent()) {
            methods.add("totp");
        }
        if (passkeys.has(account.id())) {
            methods.add("passkey");
        }
        CsrfToken csrf = freshCsrf(request, response);
        return new LoginStep("second_factor", methods, csrf.getHeaderName(), csrf.getToken());
    }

    @PostMapping("/totp")
    SessionInfo totp(@RequestBody TotpRequest body, HttpServletRequest request, HttpServletResponse response) {
        UserAccount account = pendingAccount(request);
        HttpSession session = request.getSession(false);
        String login = AccountRepository.normalizedLogin(account.loginId());
        String code = body == null || body.code() == null ? "" : body.code().strip();
        String secret = credentials.totpSecret(account.id()).orElse(null);
        OptionalLong step = totp.matchingStep(secret, code);
        boolean locked = throttle.locked(login);
        if (locked || step.isEmpty() || !credentials.useStep(account.id(), step.getAsLong())) {
            failed(login, account, "totp", locked ? "locked" : step.isEmpty() ? "bad_code" : "replayed_code", request);
            if (throttle.locked(login)) {
                // Locked now: the pending session goes too, so the password must be given again later.
                sessions.end(session);
                SecurityContextHolder.clearContext();
            }
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        return loggedIn(account, login, session, List.of(Factors.PASSWORD, Factors.TOTP), null, "totp", request,
                response);
    }

    /**
     * Both factors given: a new session id with the full authorities, bound for the session limits; with
     * {@code credentialId}, to the passkey of a registered device (which locks when idle).
     */
    private SessionInfo loggedIn(UserAccount account, String login, HttpSession session, List<String> factors,
                                 String credentialId, String how, HttpServletRequest request,
                                 HttpServletResponse response) {
        throttle.clear(login);
        request.changeSessionId();
        session.removeAttribute(PENDING_SINCE);
        save(new RenkeiPrincipal(account), account, factors, request, response);
        sessions.bind(session, account.id(), credentialId);
        audit.record(new AuditEntry(account.id(), "login", "account", account.id(), null, true, how,
                request.getRemoteAddr()));
        CsrfToken csrf = freshCsrf(request, response);
        return new SessionInfo(true, views.user(account), csrf.getHeaderName(), csrf.getToken(), ProtocolVersion.NAME,
                false, sessions.lockAfterSeconds(session.getId()), null);
    }

    // ---- Passkey first: one step on a registered device (SP-AUTH-02) ----

    /**
     * The challenge for a passkey-only sign-in: no account named (the browser offers this device's
     * passkey for the site), user verification required. Needs only a session (for the CSRF token).
     */
    @PostMapping("/passkey-first/options")
    ResponseEntity<String> passkeyFirstOptions(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        PublicKeyCredentialRequestOptions options = passkeys.userVerifiedOptions(List.of());
        session.setAttribute(PASSKEY_FIRST, options);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(passkeys.json().writeValueAsString(options));
    }

    /**
     * The passkey-only sign-in: the assertion must verify (webauthn4j: challenge, origin, rp id, signature)
     * and carry the UV flag (the options require it, and the policy's {@code SIGN_IN_PASSKEY} is asked with
     * the flag as the second factor). A refusal is the neutral {@code AUTH_FAILED} and counts towards the
     * lockout of the passkey's owner when the passkey is known.
     */
    @PostMapping("/passkey-first")
    SessionInfo passkeyFirst(@RequestBody(required = false) String body, HttpServletRequest request,
                             HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        PublicKeyCredentialRequestOptions options = session == null ? null
                : (PublicKeyCredentialRequestOptions) session.getAttribute(PASSKEY_FIRST);
        if (session != null) {
            session.removeAttribute(PASSKEY_FIRST);
        }
        PublicKeyCredential<AuthenticatorAssertionResponse> credential = null;
        if (options != null && body != null && body.length() <= PasskeyController.MAX_BODY) {
            try {
                credential = passkeys.parseAssertion(body);
            } catch (RuntimeException malformed) {
                credential = null;
            }
        }
        String ownerId = credential == null || credential.getRawId() == null ? null
                : passkeys.ownerOf(credential.getRawId().toBase64UrlString());
        UserAccount account = ownerId == null ? null : accounts.findUser(ownerId).orElse(null);
        String login = account == null ? null : AccountRepository.normalizedLogin(account.loginId());
        String why = credential == null ? "no_challenge" : account == null ? "unknown_passkey"
                : throttle.locked(login) ? "locked" : null;
        Passkeys.Assertion assertion = null;
        if (why == null) {
            try {
                assertion = passkeys.verify(options, credential);
                if (!assertion.userId().equals(account.id())) {
                    why = "other_users_passkey";
                }
            } catch (RuntimeException e) {
                // Among others: the UV flag is missing although the options require it.
                why = "bad_assertion";
            }
        }
        if (why == null) {
            Subject subject = new Subject(account.id(), account.profession(), account.organizationId(),
                    account.organizationKind(), account.active(), assertion.userVerified());
            Decision decision = policy.decide(subject, Action.SIGN_IN_PASSKEY, null);
            if (!decision.allowed()) {
                why = decision.reason().code();
            }
        }
        if (why != null) {
            if (login != null) {
                failed(login, account, "passkey_first", why, request);
            } else {
                audit.record(new AuditEntry("-", "login.passkey_first", "account", null, null, false, why,
                        request.getRemoteAddr()));
            }
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        SecurityContextHolder.clearContext();
        return loggedIn(account, login, session, List.of(Factors.WEBAUTHN, Factors.USER_VERIFICATION),
                assertion.credentialId(), "passkey_uv", request, response);
    }

    // ---- Passkey as the second factor ----

    /**
     * The challenge for {@code navigator.credentials.get}, allowing only the passkeys of the account
     * that gave its password. Kept in the session for the one answer that follows.
     */
    @PostMapping("/passkey/options")
    ResponseEntity<String> passkeyOptions(HttpServletRequest request, HttpServletResponse response) {
        UserAccount account = pendingAccount(request);
        if (!passkeys.has(account.id())) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        PublicKeyCredentialRequestOptions options = passkeys.operations().createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(SecurityContextHolder.getContext().getAuthentication()));
        passkeyChallenges.save(request, response, options);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(passkeys.json().writeValueAsString(options));
    }

    /**
     * The authenticator's answer ({@code PublicKeyCredential} JSON). Verified by webauthn4j: the
     * challenge, origin, rp id and signature, and that the passkey is one of this account's; then the
     * session gains {@code FACTOR_WEBAUTHN}. Failures count towards the lockout like a wrong code.
     */
    @PostMapping("/passkey")
    SessionInfo passkey(@RequestBody(required = false) String body, HttpServletRequest request,
                        HttpServletResponse response) {
        UserAccount account = pendingAccount(request);
        HttpSession session = request.getSession(false);
        String login = AccountRepository.normalizedLogin(account.loginId());
        PublicKeyCredentialRequestOptions options = passkeyChallenges.load(request);
        passkeyChallenges.save(request, response, null);
        boolean locked = throttle.locked(login);
        String why = locked ? "locked" : null;
        if (why == null && (options == null || body == null || body.length() > PasskeyController.MAX_BODY)) {
            why = "no_challenge";
        }
        String credentialId = null;
        if (why == null) {
            try {
                Passkeys.Assertion assertion = passkeys.verify(options, passkeys.parseAssertion(body));
                credentialId = assertion.credentialId();
                if (!account.id().equals(assertion.userId())) {
                    why = "other_users_passkey";
                }
            } catch (RuntimeException e) {
                why = "bad_assertion";
            }
        }
        if (why != null) {
            failed(login, account, "passkey", why, request);
            if (throttle.locked(login)) {
                sessions.end(session);
                SecurityContextHolder.clearContext();
            }
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        return loggedIn(account, login, session, List.of(Factors.PASSWORD, Factors.WEBAUTHN), credentialId, "passkey",
                request, response);
    }

    /** The account of a password-only session still within its second-factor window; else AUTH_FAILED. */
    private UserAccount pendingAccount(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (session == null || !Factors.passwordOnly(auth)) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        UserAccount account = accounts.findUser(auth.getName()).orElse(null);
        Instant since = (Instant) session.getAttribute(PENDING_SINCE);
        if (account == null || !account.active() || since == null
                || since.plus(properties.secondFactorWindow()).isBefore(Instant.now())) {
            sessions.end(session);
            SecurityContextHolder.clearContext();
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        return account;
    }

    private void failed(String login, UserAccount account, String step, String why, HttpServletRequest request) {
        String actor = account == null ? "-" : account.id();
        boolean nowLocked = !"locked".equals(why) && throttle.fail(login);
        audit.record(new AuditEntry(actor, "login." + step, "account", account == null ? null : account.id(), null,
                false, why, request.getRemoteAddr()));
        if (nowLocked) {
            // SP-AUTH-04 asks for an alert: the audit trail is where alerts are raised from.
            audit.record(new AuditEntry(actor, "login.lockout", "account", account == null ? null : account.id(),
                    null, false, "locked", request.getRemoteAddr()));
        }
    }

    private void save(RenkeiPrincipal principal, UserAccount account, List<String> factors,
                      HttpServletRequest request, HttpServletResponse response) {
        var authorities = Factors.authorities("ROLE_" + account.profession().name(), factors);
        principal.eraseCredentials();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    private CsrfToken freshCsrf(HttpServletRequest request, HttpServletResponse response) {
        CsrfToken fresh = csrfTokens.generateToken(request);
        csrfTokens.saveToken(fresh, request, response);
        csrfHandler.handle(request, response, () -> fresh);
        return (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    }

}
