package jp.renkei.server.auth;

import java.io.IOException;

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
 * anonymous. Otherwise each API request counts as activity.
 */
public class SessionGuardFilter extends OncePerRequestFilter {

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
        if (session != null && Factors.complete(auth)) {
            UserAccount account = accounts.findUser(auth.getName()).orElse(null);
            if (account == null || !account.active() || !sessions.isLive(session.getId(), auth.getName())) {
                sessions.end(session);
                SecurityContextHolder.clearContext();
                if (!request.getRequestURI().equals("/api/session")) {
                    errors.write(response, ErrorCode.UNAUTHENTICATED, "session_ended");
                    return;
                }
            } else if (request.getRequestURI().startsWith("/api/")) {
                sessions.touch(session.getId());
            }
        }
        chain.doFilter(request, response);
    }
}
