package jp.renkei.server.auth;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Every HTTP session of this node, with the user it belongs to once both factors are given, its
 * activity, the passkey it was signed in (or last unlocked) with, and the WebSocket connections opened
 * with it. It enforces SP-AUTH-06 (checked on each request and by a sweeper every {@code sweepInterval}):
 *
 * <ul>
 *   <li>a session <em>without</em> a passkey (a shared PC: password + TOTP) ends after the idle timeout;
 *   <li>a session on a <em>registered device</em> (its passkey recorded) does not end when idle but
 *       <em>locks</em> after {@code lockAfter}: its WebSockets close with {@link #SESSION_LOCKED} and it
 *       answers only the unlock step until the passkey is given again with user verification;
 *   <li>every session ends after the absolute lifetime.
 * </ul>
 *
 * It lets offboarding (SP-AUTHZ-05) end all of one user's sessions at once, and a device revoke
 * (SP-MOB-02) end the sessions of one passkey. Ending a session closes its WebSockets with
 * {@link #SESSION_ENDED} (or {@link #DEVICE_REVOKED}). Time is the application's {@link Clock}.
 *
 * <p>Registered with the servlet container as a session listener (Spring Boot registers listener beans).
 * On a single node the sessions and this state live in this node's memory. In cluster mode
 * ({@code renkei.cluster.enabled=true}) the sessions are shared ({@link SharedSessionFilter}) and this
 * state is kept in each session's document ({@link SharedSessionStore}): the entries here are then this
 * node's copy, refreshed from the document on each request, and the record of the WebSockets open on this
 * node. Ends and locks decided on any node reach the others through a change stream
 * ({@link SharedSessionFeed}), which closes their sockets with the same statuses.
 */
@Component
public class AuthSessions implements HttpSessionListener, HttpSessionIdListener {

    /**
     * The WebSocket close status when the login session ended (timeout, sign-out elsewhere). A logout
     * closes with Tomcat's 1008, which Tomcat sends when an authenticated HTTP session is invalidated.
     */
    public static final CloseStatus SESSION_ENDED = new CloseStatus(4401, "session_ended");
    /**
     * The session ended because its device (passkey) was revoked or its account offboarded: the client
     * wipes its local data (SP-MOB-01, SP-MOB-02). Same code as {@link #SESSION_ENDED}, another reason.
     */
    public static final CloseStatus DEVICE_REVOKED = new CloseStatus(4401, "device_revoked");
    /** The session locked (SP-AUTH-06): unlock with the passkey, then reconnect and resume with since-seq. */
    public static final CloseStatus SESSION_LOCKED = new CloseStatus(4423, "session_locked");

    /** Cluster mode: the last activity is written to the shared session at most this often. */
    static final long ACTIVITY_WRITE_MILLIS = 5_000;

    /** How many ended sessions' reasons are remembered for their next contact. */
    private static final int REMEMBERED_ENDS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(AuthSessions.class);

    /** One HTTP session. */
    static final class Entry {
        /** The container's session; null in cluster mode, where {@link #id} names the shared one. */
        final HttpSession session;
        volatile String id;
        volatile String userId;
        volatile long loggedInAt;
        volatile long lastActivity;
        /** The passkey (base64url credential id) of a registered device; null for a password + TOTP session. */
        volatile String credentialId;
        volatile boolean locked;
        /** A random name of this sign-in that may be stored elsewhere (never the session id itself). */
        volatile String handle;
        /** Cluster mode: the last activity written to the shared session. */
        volatile long activityWritten;
        final Set<WebSocketSession> sockets = ConcurrentHashMap.newKeySet();

        Entry(HttpSession session, long now) {
            this.session = session;
            this.id = session == null ? null : session.getId();
            this.lastActivity = now;
        }
    }

    /** What a session is now, for the request guard. */
    enum State { NONE, LIVE, LOCKED, ENDED }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** Signed-in sessions by their {@link Entry#handle}. */
    private final Map<String, Entry> byHandle = new ConcurrentHashMap<>();
    /** Ids of sessions ended by a revoke or offboarding, so their next request is told why (then forgotten). */
    private final Map<String, String> revokedIds = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_ENDS;
                }
            });
    private final AuthProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;
    /** Cluster mode only: the shared sessions; null on a single node. */
    private final SharedSessionStore shared;
    private volatile long lastPrune;

    public AuthSessions(AuthProperties properties, Clock clock, ObjectProvider<SharedSessionStore> shared) {
        this.properties = properties;
        this.clock = clock;
        this.shared = shared.getIfAvailable();
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

    private long now() {
        return clock.millis();
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        sessions.put(event.getSession().getId(), new Entry(event.getSession(), now()));
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Entry entry = sessions.remove(event.getSession().getId());
        if (entry != null) {
            forgetHandle(entry);
            closeSockets(entry, SESSION_ENDED);
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        Entry entry = sessions.remove(oldSessionId);
        sessions.put(event.getSession().getId(), entry != null ? entry : new Entry(event.getSession(), now()));
    }

    /**
     * Marks the session as {@code userId}'s after both factors: the absolute lifetime starts now.
     * {@code credentialId} is the passkey it was signed in with (a registered device, which locks when
     * idle), or null (password + TOTP: ends when idle).
     */
    void bind(HttpSession session, String userId, String credentialId) {
        Entry entry = sessions.computeIfAbsent(session.getId(), id -> new Entry(session, now()));
        long now = now();
        entry.userId = userId;
        entry.loggedInAt = now;
        entry.lastActivity = now;
        entry.credentialId = credentialId;
        entry.locked = false;
        forgetHandle(entry);
        entry.handle = java.util.UUID.randomUUID().toString();
        byHandle.put(entry.handle, entry);
        if (shared != null) {
            entry.activityWritten = now;
            shared.set(session.getId(), Updates.set("userId", userId), Updates.set("loggedInAt", now),
                    Updates.set("lastActivity", now), Updates.set("credentialId", credentialId),
                    Updates.set("locked", false), Updates.set("handle", entry.handle));
            shared.nameHandle(entry.handle, session.getId(), now);
        }
    }

    private void forgetHandle(Entry entry) {
        String handle = entry.handle;
        if (handle != null) {
            byHandle.remove(handle, entry);
        }
    }

    /**
     * A random name of the signed-in session {@code sessionId} that other modules may store (e.g. with a
     * push subscription made on it) and later ask about ({@link #isSignedIn}); null if not signed in.
     */
    public String handleOf(String sessionId) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        return entry == null || entry.userId == null ? null : entry.handle;
    }

    /** The passkey of the device session {@code sessionId} was signed in (or unlocked) with, or null (no passkey). */
    public String deviceCredentialOf(String sessionId) {
        return credentialOf(sessionId);
    }

    /**
     * Whether the sign-in named {@code handle} is still {@code userId}'s session on this node, live or
     * locked (false once it ended: sign-out, idle timeout, lifetime, revoke, offboarding, restart).
     */
    public boolean isSignedIn(String handle, String userId) {
        if (shared != null && handle != null) {
            Document doc = shared.byHandle(handle);
            Entry copy = doc == null ? null : fromDocument(new Entry(null, now()), doc);
            return copy != null && userId.equals(copy.userId) && !expired(copy, now());
        }
        Entry entry = handle == null ? null : byHandle.get(handle);
        return entry != null && userId.equals(entry.userId) && !expired(entry, now());
    }

    /** A passkey was registered on this session's device: from now on it locks instead of ending when idle. */
    void registerDevice(String sessionId, String credentialId) {
        Entry entry = sessions.get(sessionId);
        if (entry != null && entry.userId != null && !entry.locked) {
            entry.credentialId = credentialId;
            entry.lastActivity = now();
            if (shared != null) {
                entry.activityWritten = entry.lastActivity;
                shared.update(sessionId, Updates.set("credentialId", credentialId),
                        Updates.set("lastActivity", entry.lastActivity));
            }
        }
    }

    /** The passkey of the session's device, or null. */
    String credentialOf(String sessionId) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        return entry == null ? null : entry.credentialId;
    }

    /** The lock delay of the session in seconds, or null if it does not lock (no passkey). */
    Long lockAfterSeconds(String sessionId) {
        return credentialOf(sessionId) == null ? null : Math.max(1, properties.lockAfter().toSeconds());
    }

    /**
     * The state of session {@code sessionId} for {@code userId}, locking it first if it has been idle for
     * the lock delay (which closes its WebSockets).
     */
    State state(String sessionId, String userId) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || !userId.equals(entry.userId)) {
            return State.NONE;
        }
        long now = now();
        if (expired(entry, now)) {
            return State.ENDED;
        }
        return lockIfIdle(entry, now) ? State.LOCKED : State.LIVE;
    }

    /** Whether the session is a live (not ended, not locked), fully logged-in session of {@code userId}. */
    boolean isLive(String sessionId, String userId) {
        return sessionId != null && state(sessionId, userId) == State.LIVE;
    }

    /** Records activity (a request or a command from the user); a locked session stays locked. */
    void touch(String sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry != null && !entry.locked) {
            long now = now();
            entry.lastActivity = now;
            if (shared != null && entry.userId != null && now - entry.activityWritten >= ACTIVITY_WRITE_MILLIS) {
                entry.activityWritten = now;
                shared.update(sessionId, Updates.max("lastActivity", now));
            }
        }
    }

    /** Locks the session now (the client went to the background or its user locked it). */
    boolean lock(String sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || entry.userId == null || entry.credentialId == null) {
            return false;
        }
        entry.locked = true;
        if (shared != null) {
            shared.lock(sessionId);
        }
        closeSockets(entry, SESSION_LOCKED);
        return true;
    }

    /** Unlocks the session after the passkey of {@code credentialId} was given with user verification. */
    boolean unlock(String sessionId, String credentialId) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || entry.userId == null || expired(entry, now())) {
            return false;
        }
        entry.credentialId = credentialId;
        entry.lastActivity = now();
        entry.locked = false;
        if (shared != null) {
            entry.activityWritten = entry.lastActivity;
            shared.update(sessionId, Updates.set("credentialId", credentialId),
                    Updates.set("lastActivity", entry.lastActivity), Updates.set("locked", false));
        }
        return true;
    }

    /** Ends one session: invalidated, its WebSockets closed. */
    void end(HttpSession session) {
        end(session, SESSION_ENDED);
    }

    private void end(HttpSession session, CloseStatus why) {
        Entry entry = sessions.remove(session.getId());
        if (entry != null) {
            forgetHandle(entry);
        }
        // Sockets first, with Renkei's close status; invalidating an authenticated session also makes
        // Tomcat close its WebSockets, with 1008 (policy violation).
        if (entry != null) {
            closeSockets(entry, why);
        }
        if (why == DEVICE_REVOKED) {
            revokedIds.put(session.getId(), why.getReason());
            if (shared != null) {
                // The tombstone tells the device why on its next contact, on any node; invalidating the
                // session below removes only live documents, so it stays.
                shared.tombstone(session.getId(), why.getReason(), now());
            }
        }
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            // Ended meanwhile by the container or another request.
        }
    }

    /**
     * Ends every session of {@code userId} on this node (offboarding); returns how many. Their devices are
     * told {@code device_revoked} at their next contact, so they wipe their local data.
     */
    public int endAllOf(String userId) {
        if (shared != null) {
            return revokeShared(Filters.eq("userId", userId), e -> userId.equals(e.userId));
        }
        return endWhere(e -> userId.equals(e.userId), DEVICE_REVOKED);
    }

    /** Ends every session of this node signed in (or unlocked) with passkey {@code credentialId}: a device revoke. */
    public int endAllWithCredential(String credentialId) {
        if (shared != null) {
            return revokeShared(Filters.eq("credentialId", credentialId), e -> credentialId.equals(e.credentialId));
        }
        return endWhere(e -> credentialId.equals(e.credentialId), DEVICE_REVOKED);
    }

    /**
     * Cluster mode: every session matching {@code filter}, on every node, becomes a tombstone saying
     * {@code device_revoked}; this node closes its sockets of them now, the other nodes when the change
     * stream tells them (within a second), with the same status.
     */
    private int revokeShared(org.bson.conversions.Bson filter, java.util.function.Predicate<Entry> local) {
        List<String> ids = shared.idsWhere(filter);
        for (Entry e : List.copyOf(sessions.values())) {
            if (local.test(e)) {
                forgetHandle(e);
                closeSockets(e, DEVICE_REVOKED);
            }
        }
        long now = now();
        for (String id : ids) {
            shared.tombstone(id, DEVICE_REVOKED.getReason(), now);
            Entry e = sessions.remove(id);
            if (e != null) {
                forgetHandle(e);
                closeSockets(e, DEVICE_REVOKED);
            }
        }
        return ids.size();
    }

    private int endWhere(java.util.function.Predicate<Entry> which, CloseStatus why) {
        List<Entry> found = new ArrayList<>();
        for (Entry e : sessions.values()) {
            if (which.test(e)) {
                found.add(e);
            }
        }
        for (Entry e : found) {
            end(e.session, why);
        }
        return found.size();
    }

    /** Why a session that is gone ended, if it was a revoke ({@code device_revoked}); told once. */
    String endedBecause(String requestedSessionId) {
        if (requestedSessionId == null) {
            return null;
        }
        String local = revokedIds.remove(requestedSessionId);
        if (shared != null) {
            String stored = shared.takeEnded(requestedSessionId);
            return stored != null ? stored : local;
        }
        return local;
    }

    /** The WebSocket opened with HTTP session {@code sessionId}; false (refuse it) if that session is not live. */
    boolean attach(String sessionId, WebSocketSession socket) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry == null || entry.userId == null || expired(entry, now()) || lockIfIdle(entry, now())) {
            return false;
        }
        entry.sockets.add(socket);
        return true;
    }

    /** Whether the session is locked (so a refused socket is closed with {@link #SESSION_LOCKED}). */
    boolean isLocked(String sessionId) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        return entry != null && entry.locked;
    }

    void detach(String sessionId, WebSocketSession socket) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry != null) {
            entry.sockets.remove(socket);
        }
    }

    /**
     * Ends expired sessions (logged-in ones by SP-AUTH-06, others after the idle time) and locks idle
     * sessions of registered devices, closing their WebSockets.
     */
    void sweep() {
        try {
            long now = now();
            if (shared != null) {
                sweepShared(now);
                return;
            }
            for (Entry e : List.copyOf(sessions.values())) {
                if (expired(e, now)) {
                    end(e.session);
                } else {
                    lockIfIdle(e, now);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Session sweep failed: {}", e.getClass().getName());
        }
    }

    /** Locks a registered device's session idle for the lock delay; true if it is locked. */
    private boolean lockIfIdle(Entry e, long now) {
        if (e.credentialId == null || e.userId == null) {
            return false;
        }
        if (!e.locked && now - e.lastActivity >= properties.lockAfter().toMillis()) {
            e.locked = true;
            if (shared != null && e.id != null) {
                shared.lock(e.id);
            }
            closeSockets(e, SESSION_LOCKED);
        }
        return e.locked;
    }

    // ---- Cluster mode: the shared sessions ----

    /**
     * The sweep of a cluster node: each session this node holds is read again (another node may have seen
     * activity since) before it is ended or locked; once a minute, sessions no node needs are removed.
     */
    private void sweepShared(long now) {
        for (Entry e : List.copyOf(sessions.values())) {
            if (e.id == null || (!expired(e, now) && !wouldLock(e, now))) {
                continue;
            }
            Document doc = shared.find(e.id);
            if (doc == null || doc.getString("ended") != null) {
                changed(e.id, doc);
                continue;
            }
            fromDocument(e, doc);
            if (expired(e, now)) {
                sessions.remove(e.id);
                forgetHandle(e);
                closeSockets(e, SESSION_ENDED);
                shared.delete(e.id);
            } else {
                lockIfIdle(e, now);
            }
        }
        if (System.currentTimeMillis() - lastPrune >= 60_000) {
            lastPrune = System.currentTimeMillis();
            long idle = properties.idleTimeout().toMillis();
            shared.prune(System.currentTimeMillis() - idle, now - properties.absoluteLifetime().toMillis(),
                    now - properties.absoluteLifetime().toMillis(), now - idle);
        }
    }

    private boolean wouldLock(Entry e, long now) {
        return e.credentialId != null && e.userId != null && !e.locked
                && now - e.lastActivity >= properties.lockAfter().toMillis();
    }

    /** Copies a session document's SP-AUTH-06 state into {@code e}; the later activity wins. */
    private static Entry fromDocument(Entry e, Document doc) {
        e.userId = doc.getString("userId");
        e.loggedInAt = doc.get("loggedInAt") instanceof Number n ? n.longValue() : e.loggedInAt;
        long activity = doc.get("lastActivity") instanceof Number n ? n.longValue() : e.lastActivity;
        e.lastActivity = Math.max(e.lastActivity, activity);
        e.activityWritten = Math.max(e.activityWritten, activity);
        e.credentialId = doc.getString("credentialId");
        e.locked = Boolean.TRUE.equals(doc.getBoolean("locked"));
        e.handle = doc.getString("handle");
        return e;
    }

    /**
     * A request carried session {@code id}, whose document is {@code doc} (null: none): this node's entry
     * follows it; a session gone or ended elsewhere has its sockets here closed.
     */
    void refresh(String id, Document doc) {
        if (shared == null || id == null) {
            return;
        }
        if (doc == null || doc.getString("ended") != null || doc.getString("userId") == null) {
            changed(id, doc);
            return;
        }
        Entry e = sessions.computeIfAbsent(id, k -> {
            // Its activity is the document's alone (never "now"): a session ended meanwhile stays ended.
            Entry fresh = new Entry(null, 0);
            fresh.id = k;
            return fresh;
        });
        String oldHandle = e.handle;
        boolean wasLocked = e.locked;
        fromDocument(e, doc);
        if (e.handle != null && !e.handle.equals(oldHandle)) {
            byHandle.put(e.handle, e);
        }
        if (e.locked && !wasLocked) {
            closeSockets(e, SESSION_LOCKED);
        }
    }

    /**
     * The change stream (or a request) says session {@code id} changed: its document is now {@code doc}
     * (null: removed). Sockets of this node close with the status of what happened elsewhere.
     */
    void changed(String id, Document doc) {
        if (shared == null || id == null) {
            return;
        }
        Entry e = sessions.get(id);
        if (e == null) {
            return;
        }
        String ended = doc == null ? SESSION_ENDED.getReason() : doc.getString("ended");
        if (ended != null) {
            sessions.remove(id, e);
            forgetHandle(e);
            closeSockets(e, DEVICE_REVOKED.getReason().equals(ended) ? DEVICE_REVOKED : SESSION_ENDED);
            return;
        }
        if (doc.getString("userId") == null) {
            return;
        }
        boolean wasLocked = e.locked;
        fromDocument(e, doc);
        if (e.locked && !wasLocked) {
            closeSockets(e, SESSION_LOCKED);
        }
    }

    /** The ids of the sessions this node holds. */
    List<String> localSessionIds() {
        return List.copyOf(sessions.keySet());
    }

    /** Cluster mode: the session got a new id (fixation); this node's entry follows. */
    void renamed(String oldId, String newId) {
        Entry e = sessions.remove(oldId);
        if (e != null) {
            e.id = newId;
            sessions.put(newId, e);
        }
    }

    /** Cluster mode: the session was invalidated on this node (sign-out, end): its sockets here close. */
    void invalidated(String id) {
        Entry e = sessions.remove(id);
        if (e != null) {
            forgetHandle(e);
            closeSockets(e, SESSION_ENDED);
        }
    }

    private boolean expired(Entry e, long now) {
        if (e.userId == null) {
            if (e.session == null) {
                return true;
            }
            long lastAccess;
            try {
                lastAccess = e.session.getLastAccessedTime();
            } catch (IllegalStateException invalid) {
                return true;
            }
            // The container's clock, not the application's: anonymous and half-finished sessions.
            return System.currentTimeMillis() - lastAccess > properties.idleTimeout().toMillis();
        }
        if (now - e.loggedInAt > properties.absoluteLifetime().toMillis()) {
            return true;
        }
        // A registered device locks instead (lockIfIdle); a session without a passkey ends when idle.
        return e.credentialId == null && now - e.lastActivity > properties.idleTimeout().toMillis();
    }

    private static void closeSockets(Entry entry, CloseStatus why) {
        for (WebSocketSession socket : List.copyOf(entry.sockets)) {
            try {
                socket.close(why);
            } catch (IOException | RuntimeException e) {
                // Already closed or broken: nothing left to end.
            }
        }
        entry.sockets.clear();
    }
}
