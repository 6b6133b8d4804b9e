package jp.renkei.server.auth;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.security.web.util.OnCommittedResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cluster mode: puts a shared session ({@link SharedHttpSession}, kept in {@link SharedSessionStore}) in
 * place of the servlet container's, for everything after it (Spring Security's context and CSRF token, the
 * login controllers, the WebSocket handshake), so that the session cookie is honoured by every node.
 *
 * <p>The session is read once per request by its id (the cookie, named and flagged as the container's
 * session cookie is configured: {@code server.servlet.session.cookie.*}); its changes are written back just
 * before the response is committed, so the client's next request, to whichever node, sees them. A new id
 * (session fixation, SP-AUTH-02: each login step) copies the document and removes the old one. Ids are 256
 * random bits. The SP-AUTH-06 state is {@link AuthSessions}'s, in the same document.
 */
class SharedSessionFilter extends OncePerRequestFilter {

    /** How often (at most) a session not yet signed in records that it is still used. */
    static final long ACCESS_WRITE_MILLIS = 5_000;

    private final SharedSessionStore store;
    private final SessionAttributeCodec codec;
    private final AuthSessions auth;
    private final long idleMillis;
    private final SecureRandom random = new SecureRandom();

    SharedSessionFilter(SharedSessionStore store, SessionAttributeCodec codec, AuthSessions auth, long idleMillis) {
        this.store = store;
        this.codec = codec;
        this.auth = auth;
        this.idleMillis = idleMillis;
    }

    /**
     * The container's error page and async dispatches get the container's own request object, not this
     * filter's wrapper: they are wrapped again, so they see the shared session too and never make the
     * container create (and send the cookie of) a session of its own.
     */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SessionResponse wrappedResponse = new SessionResponse(response);
        SessionRequest wrapped = new SessionRequest(request, response);
        wrappedResponse.request = wrapped;
        try {
            chain.doFilter(wrapped, wrappedResponse);
        } finally {
            wrapped.commit();
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes the session back before the response goes out. */
    private static final class SessionResponse extends OnCommittedResponseWrapper {
        SessionRequest request;

        SessionResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        protected void onResponseCommitted() {
            request.commit();
        }
    }

    private final class SessionRequest extends HttpServletRequestWrapper implements SharedHttpSession.Owner {

        private final HttpServletResponse response;
        private SharedHttpSession current;
        private boolean requestedRead;
        private boolean requestedValid;
        private String cookieWritten;
        private long storedAccess;

        SessionRequest(HttpServletRequest request, HttpServletResponse response) {
            super(request);
            this.response = response;
        }

        @Override
        public String getRequestedSessionId() {
            String name = cookieConfig().getName() == null ? "JSESSIONID" : cookieConfig().getName();
            Cookie[] cookies = getCookies();
            if (cookies != null) {
                for (Cookie c : cookies) {
                    if (name.equals(c.getName()) && c.getValue() != null && c.getValue().length() <= 100) {
                        return c.getValue();
                    }
                }
            }
            return null;
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            readRequested();
            return requestedValid && current != null && !current.invalid();
        }

        @Override
        public boolean isRequestedSessionIdFromCookie() {
            return getRequestedSessionId() != null;
        }

        @Override
        public boolean isRequestedSessionIdFromURL() {
            return false;
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public HttpSession getSession(boolean create) {
            readRequested();
            if (current != null && !current.invalid()) {
                return current;
            }
            if (!create) {
                return null;
            }
            long now = System.currentTimeMillis();
            current = new SharedHttpSession(getServletContext(), this, newId(), now, now, Map.of(), true,
                    (int) (idleMillis / 1000));
            return current;
        }

        private void readRequested() {
            if (requestedRead) {
                return;
            }
            requestedRead = true;
            String id = getRequestedSessionId();
            Document doc = store.find(id);
            if (doc == null || doc.getString("ended") != null) {
                auth.refresh(id, doc);
                return;
            }
            long now = System.currentTimeMillis();
            long accessed = doc.get("lastAccessed") instanceof Number n ? n.longValue() : now;
            if (doc.getString("userId") == null && now - accessed > idleMillis) {
                // Never signed in and idle: gone (the container's own idle rule).
                store.delete(id);
                return;
            }
            Binary attrs = doc.get("attrs", Binary.class);
            Binary mac = doc.get("mac", Binary.class);
            Map<String, Object> attributes = codec.open(attrs == null ? null : attrs.getData(),
                    mac == null ? null : mac.getData());
            long created = doc.get("created") instanceof Number n ? n.longValue() : now;
            current = new SharedHttpSession(getServletContext(), this, id, created, accessed, attributes, false,
                    (int) (idleMillis / 1000));
            current.accessedAt(now);
            storedAccess = accessed;
            requestedValid = true;
            auth.refresh(id, doc);
        }

        @Override
        public String changeSessionId() {
            HttpSession session = getSession(false);
            if (session == null) {
                throw new IllegalStateException("No session to change the id of");
            }
            String oldId = current.getId();
            String newId = newId();
            store.rename(oldId, newId);
            current.renamed(newId);
            auth.renamed(oldId, newId);
            return newId;
        }

        @Override
        public void invalidated(SharedHttpSession session) {
            store.deleteLive(session.getId());
            auth.invalidated(session.getId());
        }

        /** Writes the cookie and the session's changes; called before the response commits and at the end. */
        synchronized void commit() {
            SharedHttpSession session = current;
            if (session == null || session.invalid()) {
                return;
            }
            if (!session.getId().equals(cookieWritten) && !response.isCommitted()) {
                writeCookie(session.getId());
                cookieWritten = session.getId();
            }
            long now = System.currentTimeMillis();
            if (session.dirty()) {
                store.saveAttributes(session.getId(), session.getCreationTime(), now,
                        codec.seal(session.attributeCopy()), session.isNew());
                session.saved();
                storedAccess = now;
            } else if (now - storedAccess >= ACCESS_WRITE_MILLIS) {
                store.accessed(session.getId(), now);
                storedAccess = now;
            }
        }

        private SessionCookieConfig cookieConfig() {
            return getServletContext().getSessionCookieConfig();
        }

        /**
         * The cookie goes through the container's cookie processor, which adds the SameSite attribute
         * configured for the session cookie ({@code server.servlet.session.cookie.same-site}).
         */
        private void writeCookie(String id) {
            SessionCookieConfig config = cookieConfig();
            Cookie cookie = new Cookie(config.getName() == null ? "JSESSIONID" : config.getName(), id);
            cookie.setPath(config.getPath() != null ? config.getPath()
                    : getContextPath().isEmpty() ? "/" : getContextPath());
            cookie.setHttpOnly(config.isHttpOnly());
            cookie.setSecure(config.isSecure() || isSecure());
            if (config.getDomain() != null) {
                cookie.setDomain(config.getDomain());
            }
            config.getAttributes().forEach((name, value) -> {
                if (!cookie.getAttributes().containsKey(name)) {
                    cookie.setAttribute(name, value);
                }
            });
            response.addCookie(cookie);
        }
    }
}
