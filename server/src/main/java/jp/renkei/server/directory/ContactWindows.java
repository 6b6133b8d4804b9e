package jp.renkei.server.directory;

import java.time.Instant;
import java.util.Optional;

/**
 * The interface other modules use to respect a person's contact windows (ケアマネタイム): the notify
 * module asks it before sending a non-urgent mention, and holds the push until the window opens.
 * Implemented by {@link ContactWindowService}; thread-safe, answers from memory.
 */
public interface ContactWindows {

    /**
     * When a non-urgent notification to {@code userId} should go out, if not now.
     *
     * @return empty when {@code now} is inside one of the user's windows or the user has published none;
     *         otherwise the start of their next window (strictly after {@code now})
     */
    Optional<Instant> deferUntil(String userId, Instant now);
}
