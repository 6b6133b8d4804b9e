package jp.renkei.server.auth;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Subject;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ProtocolVersion;
import jp.renkei.protocol.Resources.SessionInfo;
import jp.renkei.protocol.Resources.UserView;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.AccountViews;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Session, lock and unlock, and logout for the web client and other clients; login is
 * {@code auth.LoginController}.
 *
 * <p>The lock (SP-AUTH-06): a session on a registered device (signed in or unlocked with a passkey) locks
 * after {@code renkei.auth.lock-after} without activity, or when its client asks ({@code POST
 * /api/session/lock}, the app went to the background). A locked session reaches only this controller's
 * endpoints ({@link SessionGuardFilter#OPEN_WHEN_LOCKED}); it is unlocked by one passkey assertion with user
 * verification, of the session's own user ({@code UNLOCK_SESSION} in the policy).
 */
@RestController
@RequestMapping("/api")
class SessionController {

    /** Request attribute set by {@link SessionGuardFilter}: why the cookie's former session ended. */
    static final String ENDED_BECAUSE = SessionController.class.getName() + ".endedBecause";
    /** The challenge of an unlock, kept in the session for its one answer. */
    static final String UNLOCK_CHALLENGE = SessionController.class.getName() + ".unlock";

    private final AccountRepository accounts;
    private final AccountViews views;
    private final AuditTrail audit;
    private final AuthSessions sessions;
    private final Passkeys passkeys;
    private final LoginThrottle throttle;
    private final AccessPolicy policy;

    SessionController(AccountRepository accounts, AccountViews views, AuditTrail audit, AuthSessions sessions,
                      Passkeys passkeys, LoginThrottle throttle, AccessPolicy policy) {
        this.audit = audit;
        this.accounts = accounts;
        this.views = views;
        this.sessions = sessions;
        this.passkeys = passkeys;
        this.throttle = throttle;
        this.policy = policy;
    }

    /** Who is logged in, and the CSRF token to send on unsafe requests and on STOMP CONNECT. */
    @GetMapping("/session")
    SessionInfo session(HttpServletRequest request, Principal principal) {
        // A password-only session (second factor pending, SP-AUTH-02) is not logged in.
        boolean complete = principal instanceof Authentication auth && Factors.complete(auth);
        UserView user = !complete ? null : accounts.findUser(principal.getName()).map(views::user).orElse(null);
        return info(request, user, (String) request.getAttribute(ENDED_BECAUSE));
    }

    private SessionInfo info(HttpServletRequest request, UserView user, String endedReason) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        HttpSession session = request.getSession(false);
        String id = session == null || user == null ? null : session.getId();
        boolean locked = id != null && sessions.isLocked(id);
        return new SessionInfo(user != null, user, token.getHeaderName(), token.getToken(), ProtocolVersion.NAME,
                locked, id == null ? null : sessions.lockAfterSeconds(id), endedReason);
    }

    /** Locks this session now (the app went to the background); a session without a passkey is not changed. */
    @PostMapping("/session/lock")
    ResponseEntity<Void> lock(HttpServletRequest request, Principal principal) {
        HttpSession session = request.getSession(false);
        if (session != null && principal != null && sessions.lock(session.getId())) {
            audit.record(new AuditEntry(principal.getName(), "session.lock", "session", null, null, true, "client",
                    request.getRemoteAddr()));
        }
        return ResponseEntity.noContent().build();
    }

    /** The challenge for unlocking: the session's own passkey, user verification required. */
    @PostMapping("/session/unlock/options")
    ResponseEntity<String> unlockOptions(HttpServletRequest request, Principal principal) {
        HttpSession session = request.getSession(false);
        String credentialId = session == null ? null : sessions.credentialOf(session.getId());
        if (principal == null || credentialId == null) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        List<CredentialRecord> mine = passkeys.of(principal.getName()).stream()
                .filter(r -> r.getCredentialId().toBase64UrlString().equals(credentialId)).toList();
        if (mine.isEmpty()) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        PublicKeyCredentialRequestOptions options = passkeys.userVerifiedOptions(mine);
        session.setAttribute(UNLOCK_CHALLENGE, options);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(passkeys.json().writeValueAsString(options));
    }

    /**
     * Unlocks with the passkey assertion ({@code PublicKeyCredential} JSON): verified with user verification
     * required, and the policy's {@code UNLOCK_SESSION} asked (the session's own user, UV as the second
     * factor). A refusal is {@code AUTH_FAILED} and counts towards the lockout; a lockout ends the session.
     */
    @PostMapping("/session/unlock")
    SessionInfo unlock(@RequestBody(required = false) String body, HttpServletRequest request, Principal principal) {
        HttpSession session = request.getSession(false);
        UserAccount account = principal == null ? null : accounts.findUser(principal.getName()).orElse(null);
        if (session == null || account == null) {
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        PublicKeyCredentialRequestOptions options = (PublicKeyCredentialRequestOptions) session.getAttribute(UNLOCK_CHALLENGE);
        session.removeAttribute(UNLOCK_CHALLENGE);
        String login = AccountRepository.normalizedLogin(account.loginId());
        String why = options == null || body == null || body.length() > PasskeyController.MAX_BODY ? "no_challenge"
                : throttle.locked(login) ? "locked" : null;
        Passkeys.Assertion assertion = null;
        if (why == null) {
            try {
                assertion = passkeys.verify(options, passkeys.parseAssertion(body));
            } catch (RuntimeException e) {
                why = "bad_assertion";
            }
        }
        if (why == null) {
            Subject subject = new Subject(account.id(), account.profession(), account.organizationId(),
                    account.organizationKind(), account.active(), assertion.userVerified());
            Decision decision = policy.decide(subject, Action.UNLOCK_SESSION, null, assertion.userId(),
                    (jp.renkei.policy.Target) null);
            if (!decision.allowed()) {
                why = decision.reason().code();
            }
        }
        if (why != null) {
            boolean nowLocked = !"locked".equals(why) && throttle.fail(login);
            audit.record(new AuditEntry(account.id(), "session.unlock", "session", null, null, false, why,
                    request.getRemoteAddr()));
            if (nowLocked || throttle.locked(login)) {
                sessions.end(session);
                SecurityContextHolder.clearContext();
            }
            throw new DomainException(ErrorCode.AUTH_FAILED);
        }
        throttle.clear(login);
        sessions.unlock(session.getId(), assertion.credentialId());
        audit.record(new AuditEntry(account.id(), "session.unlock", "session", null, null, true, "passkey_uv",
                request.getRemoteAddr()));
        return info(request, views.user(account), null);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpServletRequest request, Principal principal) {
        audit.record(new AuditEntry(principal == null ? "-" : principal.getName(), "logout", "session", null, null,
                true, "ok", request.getRemoteAddr()));
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return ResponseEntity.noContent().build();
    }
}
