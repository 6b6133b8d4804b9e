package jp.renkei.server.auth;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;

/**
 * One request's view of a shared session ({@link SharedSessionStore}): its attributes as read at the start
 * of the request; changes are written back by {@link SharedSessionFilter} before the response is committed.
 * Invalidating it ends the session on every node (its document is removed).
 */
final class SharedHttpSession implements HttpSession {

    /** What the filter does when the session changes. */
    interface Owner {
        void invalidated(SharedHttpSession session);
    }

    private final ServletContext context;
    private final Owner owner;
    private final long created;
    private final Map<String, Object> attributes;
    private final boolean isNew;
    private volatile String id;
    private volatile long lastAccessed;
    private volatile int maxInactiveSeconds;
    private volatile boolean invalid;
    private volatile boolean dirty;

    SharedHttpSession(ServletContext context, Owner owner, String id, long created, long lastAccessed,
                      Map<String, Object> attributes, boolean isNew, int maxInactiveSeconds) {
        this.context = context;
        this.owner = owner;
        this.id = id;
        this.created = created;
        this.lastAccessed = lastAccessed;
        this.attributes = Collections.synchronizedMap(new HashMap<>(attributes));
        this.isNew = isNew;
        this.dirty = isNew;
        this.maxInactiveSeconds = maxInactiveSeconds;
    }

    private void check() {
        if (invalid) {
            throw new IllegalStateException("Session already invalidated");
        }
    }

    boolean invalid() {
        return invalid;
    }

    boolean dirty() {
        return dirty;
    }

    void saved() {
        dirty = false;
    }

    void renamed(String newId) {
        this.id = newId;
        this.dirty = true;
    }

    Map<String, Object> attributeCopy() {
        synchronized (attributes) {
            return new HashMap<>(attributes);
        }
    }

    @Override
    public long getCreationTime() {
        check();
        return created;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        check();
        return lastAccessed;
    }

    void accessedAt(long at) {
        lastAccessed = at;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        maxInactiveSeconds = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        check();
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        check();
        synchronized (attributes) {
            return Collections.enumeration(new java.util.ArrayList<>(attributes.keySet()));
        }
    }

    @Override
    public void setAttribute(String name, Object value) {
        check();
        if (value == null) {
            removeAttribute(name);
            return;
        }
        attributes.put(name, value);
        dirty = true;
    }

    @Override
    public void removeAttribute(String name) {
        check();
        if (attributes.remove(name) != null) {
            dirty = true;
        }
    }

    @Override
    public void invalidate() {
        check();
        invalid = true;
        owner.invalidated(this);
    }

    @Override
    public boolean isNew() {
        check();
        return isNew;
    }
}
