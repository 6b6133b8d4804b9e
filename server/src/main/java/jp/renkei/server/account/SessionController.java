package jp.renkei.server.account;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ProtocolVersion;
import jp.renkei.protocol.Resources.LoginRequest;
import jp.renkei.protocol.Resources.SessionInfo;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Session, login and logout for the web client and other clients. */
@RestController
@RequestMapping("/api")
class SessionController {

    private final AuthenticationManager authenticationManager;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrfTokens;
    private final AccountRepository accounts;
    private final AccountViews views;
    private final XorCsrfTokenRequestAttributeHandler csrfHandler = new XorCsrfTokenRequestAttributeHandler();
    private final AuditTrail audit;

    SessionController(AuthenticationManager authenticationManager, SecurityContextRepository contexts,
                      CsrfTokenRepository csrfTokens, AccountRepository accounts, AccountViews views,
                      AuditTrail audit) {
        this.audit = audit;
        this.authenticationManager = authenticationManager;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
        this.accounts = accounts;
        this.views = views;
    }

    /** Who is logged in, and the CSRF token to send on unsafe requests and on STOMP CONNECT. */
    @GetMapping("/session")
    SessionInfo session(HttpServletRequest request, Principal principal) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        var user = principal == null ? null : accounts.findUser(principal.getName()).map(views::user).orElse(null);
        return new SessionInfo(user != null, user, token.getHeaderName(), token.getToken(), ProtocolVersion.NAME);
    }

    /**
     * Password login. Unknown login ids and wrong passwords get the same answer, in about the same
     * time (the password encoder runs either way), so an attacker cannot tell accounts exist (SP-AUTH-04).
     */
    @PostMapping("/login")
    SessionInfo login(@RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body == null || body.username() == null || body.password() == null
                || body.username().length() > 64 || body.password().length() > 256) {
            auditLogin("-", null, false, request);
            throw new ApiException(ErrorCode.AUTH_FAILED);
        }
        Authentication auth;
        try {
            auth = authenticationManager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(body.username(), body.password()));
        } catch (AuthenticationException e) {
            // The attempted login id (an id, never the password) shows guessing and lockouts (SP-AUTH-04).
            auditLogin("-", body.username(), false, request);
            throw new ApiException(ErrorCode.AUTH_FAILED);
        }
        auditLogin(auth.getName(), body.username(), true, request);
        // A new session id on login (session fixation) and a new CSRF token for it.
        request.getSession(true);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        CsrfToken fresh = csrfTokens.generateToken(request);
        csrfTokens.saveToken(fresh, request, response);
        csrfHandler.handle(request, response, () -> fresh);
        CsrfToken masked = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        var user = accounts.findUser(auth.getName()).map(views::user).orElseThrow();
        return new SessionInfo(true, user, masked.getHeaderName(), masked.getToken(), ProtocolVersion.NAME);
    }

    /** Login outcome in the audit trail (SP-AUD-01: login time), durable before the answer. */
    private void auditLogin(String actorId, String loginId, boolean ok, HttpServletRequest request) {
        audit.record(new AuditEntry(actorId, "login", "login", loginId, null, ok,
                ok ? "ok" : ErrorCode.AUTH_FAILED.code(), request.getRemoteAddr()));
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
