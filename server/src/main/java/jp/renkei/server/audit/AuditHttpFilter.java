package jp.renkei.server.audit;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.StorageFull;
import jp.renkei.server.web.ErrorResponses;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * One audit entry per HTTP API request (SP-AUD-01): who (the session's user), what (an action name
 * from the matched endpoint and the ids in its path), from where (the client address) and the result
 * (the status). Runs before Spring Security, so requests it refuses (no login, bad CSRF token) are
 * recorded too.
 *
 * <p>Unsafe methods and refusals are written durably before the response leaves: the response body
 * of an unsafe method is held back until the entry is stored. Allowed reads are batched
 * ({@link AuditTrail#recordBatched}). A denial the access policy already recorded (with its reason)
 * is not recorded twice. Login, logout and the audit review record their own, richer entries.
 */
@Component
public class AuditHttpFilter extends OncePerRequestFilter implements Ordered {

    /** Before Spring Security's filter chain (-100). */
    static final int ORDER = -110;

    private static final Map<String, String> ACTIONS = Map.of(
            "GET /api/rooms", "room.list",
            "POST /api/rooms", "room.create",
            "GET /api/rooms/{roomId}", "room.view",
            "POST /api/rooms/{roomId}/members", "member.invite",
            "DELETE /api/rooms/{roomId}/members/{userId}", "member.remove",
            "GET /api/rooms/{roomId}/events", "history.page",
            "GET /api/directory/users", "directory.search");

    private final AuditTrail audit;

    private final ErrorResponses errors;

    public AuditHttpFilter(AuditTrail audit, ErrorResponses errors) {
        this.audit = audit;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") || path.equals("/api/session") || path.equals("/api/login")
                || path.equals("/api/logout") || path.startsWith("/api/admin/audit");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean unsafe = !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
        ContentCachingResponseWrapper held = unsafe ? new ContentCachingResponseWrapper(response) : null;
        try (AuditContext.Scope ignored = AuditContext.open(request.getRemoteAddr())) {
            try {
                chain.doFilter(request, held != null ? held : response);
            } finally {
                try {
                    recordRequest(request, held != null ? held.getStatus() : response.getStatus(), unsafe);
                } catch (RuntimeException e) {
                    if (!StorageFull.is(e)) {
                        throw e;
                    }
                    // The request's entry cannot be stored, so the answer must not say it was done (fail
                    // closed, SP-AUD-01): the held answer is replaced by STORAGE_FULL.
                    if (held != null) {
                        held.resetBuffer();
                        errors.write(held, ErrorCode.STORAGE_FULL, null);
                    } else if (!response.isCommitted()) {
                        errors.write(response, ErrorCode.STORAGE_FULL, null);
                    }
                }
            }
        }
        if (held != null) {
            held.copyBodyToResponse();
        }
    }

    private void recordRequest(HttpServletRequest request, int status, boolean unsafe) {
        boolean allowed = status < 400;
        if (!allowed && AuditContext.denialRecorded()) {
            return;
        }
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String roomId = vars == null ? null : vars.get("roomId");
        String action = pattern == null ? null : ACTIONS.get(request.getMethod() + " " + pattern);
        String type;
        String resource;
        if (action == null) {
            action = "http." + request.getMethod().toLowerCase(java.util.Locale.ROOT);
            type = "path";
            resource = clip(pattern != null ? pattern : request.getRequestURI());
        } else if (vars != null && vars.get("userId") != null) {
            type = "member";
            resource = vars.get("userId");
        } else if (action.equals("history.page")) {
            // Each page is its own resource, so the bulk-read review counts pages, not requests.
            type = "history";
            String before = request.getParameter("before");
            resource = roomId + ":" + (before == null ? "head" : clip(before));
        } else {
            type = roomId != null ? "room" : "collection";
            resource = roomId;
        }
        AuditEntry entry = new AuditEntry(actorOf(request), action, type, resource, roomId, allowed,
                allowed ? "ok" : "http_" + status, request.getRemoteAddr());
        if (unsafe || !allowed) {
            audit.record(entry);
        } else {
            audit.recordBatched(entry);
        }
    }

    /** The user id of the request's session, or {@code "-"}: read after the chain, which clears the holder. */
    private static String actorOf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return "-";
        }
        try {
            Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            Authentication auth = context instanceof SecurityContext sc ? sc.getAuthentication() : null;
            return auth == null || auth.getName() == null ? "-" : auth.getName();
        } catch (IllegalStateException invalidated) {
            return "-";
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
