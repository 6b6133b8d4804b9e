package jp.renkei.server.error;

import java.util.List;

import jp.renkei.protocol.ErrorCode;

/**
 * A refusal because the server is busy right now (e.g. {@code UNAVAILABLE} while every image decoder is
 * in use): retryable, with the seconds after which a retry is likely to succeed. The HTTP edge sends
 * them as {@code Retry-After}.
 */
public class RetryLaterException extends DomainException {

    private final int retryAfterSeconds;

    public RetryLaterException(ErrorCode code, String message, int retryAfterSeconds) {
        super(code, message, null, List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
