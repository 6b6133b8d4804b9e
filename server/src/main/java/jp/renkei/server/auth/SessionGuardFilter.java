package jp.renkei.server.auth;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.web.ErrorResponses;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs in the security filter chain before authorization. A logged-in session that has expired
 * (SP-AUTH-06) or whose account was disabled (SP-AUTHZ-05) is ended here and the request answered
 * 401 {@code UNAUTHENTICATED} with reason {@code session_ended}; {@code /api/session} instead goes on as
 * anonymous. A <em>locked</em> session (a registered device idle for the lock delay, SP-AUTH-06) reaches
 * only {@link #OPEN_WHEN_LOCKED}; every other API call and the WebSocket handshake get 423
 * {@code SESSION_LOCKED}. A request that still carries the id of a session ended by a device revoke or
 * offboarding gets 401 {@code UNAUTHENTICATED} with reason {@code device_revoked} once, so its client
 * wipes its local data (SP-MOB-01/02). Otherwise each API request counts as activity.
 */
public class SessionGuardFilter extends OncePerRequestFilter {

    /** What a locked session may still call: who am I, the unlock step, sign-out. */
    static final Set<String> OPEN_WHEN_LOCKED = Set.of("/api/session", "/api/session/unlock/options",
            "/api/session/unlock", "/api/session/lock", "/api/logout");

    private final AuthSessions sessions;
    private final AccountRepository accounts;
    private final ErrorResponses errors;

    public SessionGuardFilter(AuthSessions sessions, AccountRepository accounts, ErrorResponses errors) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI();
        if (session != null && Factors.complete(auth)) {
            UserAccount account = accounts.findUser(auth.getName()).orElse(null);
            AuthSessions.State state = account == null || !account.active() ? AuthSessions.State.ENDED
                    : sessions.state(session.getId(), auth.getName());
            if (state == AuthSessions.State.ENDED || state == AuthSessions.State.NONE) {
                sessions.end(session);
                SecurityContextHolder.clearContext();
                if (!path.equals("/api/session")) {
                    errors.write(response, ErrorCode.UNAUTHENTICATED, "session_ended");
                    return;
                }
            } else if (state == AuthSessions.State.LOCKED) {
                if (!OPEN_WHEN_LOCKED.contains(path) && (path.startsWith("/api/") || path.startsWith("/ws"))) {
                    errors.write(response, ErrorCode.SESSION_LOCKED, "session_locked");
                    return;
                }
            } else if (path.startsWith("/api/")) {
                sessions.touch(session.getId());
            }
        } else if (session == null && path.startsWith("/api/") && request.getRequestedSessionId() != null) {
            String why = sessions.endedBecause(request.getRequestedSessionId());
            if (why != null) {
                request.setAttribute(SessionController.ENDED_BECAUSE, why);
                if (!path.equals("/api/session")) {
                    errors.write(response, ErrorCode.UNAUTHENTICATED, why);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
