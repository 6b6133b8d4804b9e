package jp.renkei.server.auth;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.renkei.protocol.ProtocolVersion;
import jp.renkei.protocol.Resources.SessionInfo;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.AccountViews;

/** Session and logout for the web client and other clients; login is {@code auth.LoginController}. */
@RestController
@RequestMapping("/api")
class SessionController {

    private final AccountRepository accounts;
    private final AccountViews views;
    private final AuditTrail audit;

    SessionController(AccountRepository accounts, AccountViews views, AuditTrail audit) {
        this.audit = audit;
        this.accounts = accounts;
        this.views = views;
    }

    /** Who is logged in, and the CSRF token to send on unsafe requests and on STOMP CONNECT. */
    @GetMapping("/session")
    SessionInfo session(HttpServletRequest request, Principal principal) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        // A password-only session (second factor pending, SP-AUTH-02) is not logged in.
        boolean complete = principal instanceof Authentication auth && Factors.complete(auth);
        var user = !complete ? null : accounts.findUser(principal.getName()).map(views::user).orElse(null);
        return new SessionInfo(user != null, user, token.getHeaderName(), token.getToken(), ProtocolVersion.NAME);
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
