package jp.renkei.server.error;

import java.util.List;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Violation;

/**
 * A failure to report to the client with an {@link ErrorCode}. Thrown by services; turned into an
 * HTTP error body by {@link ApiExceptionHandler} and into a STOMP error reply by the live layer.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;
    private final String reason;
    private final List<Violation> violations;

    public DomainException(ErrorCode code) {
        this(code, null, null, List.of());
    }

    public DomainException(ErrorCode code, String message) {
        this(code, message, null, List.of());
    }

    public DomainException(ErrorCode code, String message, String reason, List<Violation> violations) {
        super(message == null ? code.message() : message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static DomainException invalid(List<Violation> violations) {
        return new DomainException(ErrorCode.INVALID_FIELD, null, null, violations);
    }

    public static DomainException invalid(String field, String problem) {
        return invalid(List.of(new Violation(field, problem)));
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<Violation> violations() {
        return violations;
    }
}
