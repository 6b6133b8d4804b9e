package jp.renkei.server.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Every HTTP session of this node, with the user it belongs to once both factors are given, its
 * activity, and the WebSocket connections opened with it. It enforces SP-AUTH-06 (idle timeout and
 * absolute lifetime, checked on each request and by a sweeper every {@code sweepInterval}) and lets
 * offboarding (SP-AUTHZ-05) end all of one user's sessions at once. Ending a session closes its
 * WebSockets with {@link #SESSION_ENDED}.
 *
 * <p>Registered with the servlet container as a session listener (Spring Boot registers listener beans).
 * Sessions live in the memory of one node: a cluster needs shared sessions and a broadcast of
 * "end this user's sessions" (documented in docs/architecture.md).
 */
@Component
public class AuthSessions implements HttpSessionListener, HttpSessionIdListener {

    /**
     * The WebSocket close status when the login session ended (timeout, offboarding). A logout closes
     * with Tomcat's 1008, which Tomcat sends when an authenticated HTTP session is invalidated.
     */
    public static final CloseStatus SESSION_ENDED = new CloseStatus(4401, "session_ended");

    private static final Logger log = LoggerFactory.getLogger(AuthSessions.class);

    /** One HTTP session. */
    static final class Entry {
        final HttpSession session;
        volatile String userId;
        volatile long loggedInAt;
        volatile long lastActivity;
        final Set<WebSocketSession> sockets = ConcurrentHashMap.newKeySet();

        Entry(HttpSession session) {
            this.session = session;
            this.lastActivity = System.currentTimeMillis();
        }
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final AuthProperties properties;
    private final ScheduledExecutorService sweeper;

    public AuthSessions(AuthProperties properties) {
        this.properties = properties;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, properties.sweepInterval().toMillis());
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        sessions.put(event.getSession().getId(), new Entry(event.getSession()));
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Entry entry = sessions.remove(event.getSession().getId());
        if (entry != null) {
            closeSockets(entry);
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        Entry entry = sessions.remove(oldSessionId);
        sessions.put(event.getSession().getId(), entry != null ? entry : new Entry(event.getSession()));
    }

    /** Marks the session as {@code userId}'s after both factors: the absolute lifetime starts now. */
    void bind(HttpSession session, String userId) {
        Entry entry = sessions.computeIfAbsent(session.getId(), id -> new Entry(session));
        long now = System.currentTimeMillis();
        entry.userId = userId;
        entry.loggedInAt = now;
        entry.lastActivity = now;
    }

    /** Whether the session is a live, fully logged-in session of {@code userId}. */
    boolean isLive(String sessionId, String userId) {
        Entry entry = sessions.get(sessionId);
        return entry != null && userId.equals(entry.userId) && !expired(entry, System.currentTimeMillis());
    }

    /** Records activity (a request or a command from the user). */
    void touch(String sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry != null) {
            entry.lastActivity = System.currentTimeMillis();
        }
    }

    /** Ends one session: invalidated, its WebSockets closed. */
    void end(HttpSession session) {
        Entry entry = sessions.remove(session.getId());
        // Sockets first, with Renkei's close status; invalidating an authenticated session also makes
        // Tomcat close its WebSockets, with 1008 (policy violation).
        if (entry != null) {
            closeSockets(entry);
        }
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            // Ended meanwhile by the container or another request.
        }
    }

    /** Ends every session of {@code userId} on this node (offboarding); returns how many. */
    public int endAllOf(String userId) {
        List<Entry> ofUser = new ArrayList<>();
        for (Entry e : sessions.values()) {
            if (userId.equals(e.userId)) {
                ofUser.add(e);
            }
        }
        for (Entry e : ofUser) {
            end(e.session);
        }
        return ofUser.size();
    }

    /** The WebSocket opened with HTTP session {@code sessionId}; false (refuse it) if that session is not live. */
    boolean attach(String sessionId, WebSocketSession socket) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry == null || entry.userId == null || expired(entry, System.currentTimeMillis())) {
            return false;
        }
        entry.sockets.add(socket);
        return true;
    }

    void detach(String sessionId, WebSocketSession socket) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry != null) {
            entry.sockets.remove(socket);
        }
    }

    /** Ends expired sessions: logged-in ones by SP-AUTH-06, others (anonymous, pending) after the idle time. */
    void sweep() {
        try {
            long now = System.currentTimeMillis();
            for (Entry e : List.copyOf(sessions.values())) {
                if (expired(e, now)) {
                    end(e.session);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Session sweep failed: {}", e.getClass().getName());
        }
    }

    private boolean expired(Entry e, long now) {
        if (e.userId == null) {
            long lastAccess;
            try {
                lastAccess = e.session.getLastAccessedTime();
            } catch (IllegalStateException invalid) {
                return true;
            }
            return now - lastAccess > properties.idleTimeout().toMillis();
        }
        return now - e.lastActivity > properties.idleTimeout().toMillis()
                || now - e.loggedInAt > properties.absoluteLifetime().toMillis();
    }

    private static void closeSockets(Entry entry) {
        for (WebSocketSession socket : List.copyOf(entry.sockets)) {
            try {
                socket.close(SESSION_ENDED);
            } catch (IOException | RuntimeException e) {
                // Already closed or broken: nothing left to end.
            }
        }
        entry.sockets.clear();
    }
}
