package jp.renkei.server.timeline;

/**
 * Derived state kept by a feature outside this package (e.g. the room calendar). Called by
 * {@link Projections} for every event, under the room's write lock, before the room's head moves;
 * must be idempotent, since the log re-applies events after a crash.
 */
public interface EventProjection {

    void apply(StoredEvent event);
}
