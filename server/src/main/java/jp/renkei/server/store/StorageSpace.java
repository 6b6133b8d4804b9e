package jp.renkei.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space on the file system that holds the embedded database, asked before every write.
 *
 * <p>Why: a write that meets a full disk mid-commit makes the storage engine (H2's MVStore) close
 * itself for good, so every later request fails until a restart. Refusing writes while free space is
 * below {@code renkei.embedded.min-free} keeps the store open: acknowledged data stays as it was,
 * reads go on, and writes are accepted again by themselves as soon as space is freed. Below
 * {@code renkei.embedded.warn-free} the level is {@link Level#LOW}: health shows it and the log warns.
 *
 * <p>Logging: one line when the level changes (never one per refused write); when writes are accepted
 * again, how many were refused meanwhile. While space is ample the answer is cached for
 * {@value #CACHE_MILLIS} ms, so a burst of writes costs one file-system query; below the warning
 * threshold every write asks (a {@code statfs}, microseconds). Thread-safe.
 */
public final class StorageSpace {

    /** How full the file system is, relative to the two thresholds. */
    public enum Level {
        /** At or above the warning threshold. */
        OK,
        /** Below the warning threshold, above the refusal threshold: writes still accepted. */
        LOW,
        /** Below the refusal threshold, or the file system cannot be asked: writes refused. */
        FULL
    }

    private static final Logger log = LoggerFactory.getLogger(StorageSpace.class);
    static final long CACHE_MILLIS = 250;

    private final Path dir;
    private final long minFree;
    private final long warnFree;
    private volatile long checkedAt = Long.MIN_VALUE / 2;
    private volatile long usable = Long.MAX_VALUE;
    private volatile Level level = Level.OK;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param dir      the data folder (its file system is measured)
     * @param minFree  refuse writes below this many free bytes
     * @param warnFree report {@link Level#LOW} below this many free bytes
     */
    public StorageSpace(Path dir, long minFree, long warnFree) {
        this.dir = dir;
        this.minFree = minFree;
        this.warnFree = Math.max(warnFree, minFree);
    }

    /**
     * The current level: re-measured at most every {@value #CACHE_MILLIS} ms while space is ample, and at
     * every call below the warning threshold, so that a burst of writes cannot run past the margin.
     */
    public Level level() {
        long now = System.nanoTime() / 1_000_000;
        if (level != Level.OK || now - checkedAt >= CACHE_MILLIS) {
            measure(now);
        }
        return level;
    }

    /** Free bytes usable by this process, as last measured ({@code -1} if the file system could not be asked). */
    public long usableBytes() {
        level();
        return usable;
    }

    /** The refusal threshold in bytes. */
    public long minFreeBytes() {
        return minFree;
    }

    /** The warning threshold in bytes. */
    public long warnFreeBytes() {
        return warnFree;
    }

    /** Whether a write may go to the store now. */
    boolean writesAllowed() {
        return level() != Level.FULL;
    }

    /** Counts a write refused for lack of space (reported when writes are accepted again). */
    void refused() {
        refused.incrementAndGet();
    }

    private synchronized void measure(long now) {
        if (level == Level.OK && now - checkedAt < CACHE_MILLIS) {
            return;
        }
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | SecurityException e) {
            free = -1;
        }
        Level next = free < minFree ? Level.FULL : free < warnFree ? Level.LOW : Level.OK;
        usable = free;
        checkedAt = now;
        Level before = level;
        level = next;
        if (next == before) {
            return;
        }
        switch (next) {
            case FULL -> log.error("Storage full: {} bytes free in {} (writes are refused below {}); reads go on, "
                    + "writes resume by themselves when space is freed", free, dir.toAbsolutePath(), minFree);
            case LOW -> log.warn("Storage low: {} bytes free in {} (warning below {}, writes refused below {})",
                    free, dir.toAbsolutePath(), warnFree, minFree);
            case OK -> log.info("Storage space back to normal: {} bytes free in {}", free, dir.toAbsolutePath());
        }
        if (before == Level.FULL) {
            log.warn("Writes accepted again; {} were refused while storage was full", refused.getAndSet(0));
        }
    }
}
