package jp.renkei.server.room;

/**
 * Derived state kept by a feature outside this package (notes' heads and acknowledgements, photo
 * rules, the room calendar). A feature registers one by declaring a bean that implements it; the room
 * log never names the feature.
 */
public interface EventProjection {

    /**
     * Applies one event to the feature's derived state.
     *
     * <p>Called for <em>every</em> event of every room (ignore the kinds you do not own), after the
     * event is durably stored and before the room's head moves past it, on the appending thread while
     * it holds the room's write lock; events of one room arrive in sequence order. After a crash the
     * log re-applies events whose effects may already be stored, so the method must be idempotent, and
     * it must not append to a room log (that would deadlock on the lock it runs under).
     *
     * @param event the stored event
     * @throws RuntimeException if the derived state cannot be written; the append then fails after
     *     the event is stored, and the event is applied again when the room is next loaded or written
     */
    void apply(StoredEvent event);
}
