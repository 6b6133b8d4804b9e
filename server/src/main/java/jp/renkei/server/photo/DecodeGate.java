package jp.renkei.server.photo;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.RetryLaterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bounds the memory image decoding may take: at most {@link #permits()} decodes run at once, each
 * within {@link ImageProcessor#MAX_DECODED_PIXELS}. An upload that finds every decoder busy for
 * {@link #WAIT_MILLIS} is answered {@code 503 UNAVAILABLE} with {@code Retry-After} (protocol.md §6.7),
 * never a wrong {@code IMAGE_DAMAGED} or {@code INTERNAL} from an exhausted heap.
 *
 * <p>By default the number of decoders follows the heap: one per {@link #BUDGET_BYTES}×4 of
 * {@code -Xmx} (a quarter of the heap for decoding), at least one, at most the processor count
 * ({@code renkei.photo.concurrent-decodes} overrides it). A 1 GiB heap decodes one photo at a time.
 */
@Component
class DecodeGate {

    private static final Logger log = LoggerFactory.getLogger(DecodeGate.class);

    /** Worst-case memory of one decode: the decoded raster (≤ 16.8 MP at up to 8 bytes) and its canvases. */
    static final long BUDGET_BYTES = 256L * 1024 * 1024;
    /** How long an upload waits for a decoder before it is told to retry. */
    static final long WAIT_MILLIS = 2_000;
    /** The {@code Retry-After} of a busy answer, in seconds. */
    static final int RETRY_AFTER_SECONDS = 3;

    private final Semaphore decoders;
    private final int permits;

    DecodeGate(@Value("${renkei.photo.concurrent-decodes:0}") int configured) {
        this.permits = configured > 0 ? configured : fromHeap(Runtime.getRuntime().maxMemory(),
                Runtime.getRuntime().availableProcessors());
        this.decoders = new Semaphore(permits, true);
        log.info("Photo decoding: at most {} at once, {} pixels each", permits, ImageProcessor.MAX_DECODED_PIXELS);
    }

    static int fromHeap(long maxHeap, int processors) {
        long byHeap = maxHeap / (4 * BUDGET_BYTES);
        return (int) Math.max(1, Math.min(processors, byHeap));
    }

    int permits() {
        return permits;
    }

    /** Runs {@code decode} with a decoder, or refuses with a retryable {@code UNAVAILABLE}. */
    <T> T run(Supplier<T> decode) {
        boolean acquired;
        try {
            acquired = decoders.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return decode.get();
        } catch (OutOfMemoryError e) {
            // Last resort: the heap was short all the same (other work). The upload may be retried.
            throw busy();
        } finally {
            decoders.release();
        }
    }

    /** Takes every decoder (tests: a server busy with photos). */
    void drainForTest() {
        decoders.acquireUninterruptibly(permits);
    }

    void releaseForTest() {
        decoders.release(permits);
    }

    static RetryLaterException busy() {
        return new RetryLaterException(ErrorCode.UNAVAILABLE,
                "The server is busy processing other photos. Please retry in a few seconds.", RETRY_AFTER_SECONDS);
    }
}
