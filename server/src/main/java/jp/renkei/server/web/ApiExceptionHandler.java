package jp.renkei.server.web;

import jp.renkei.server.error.DomainException;
import jp.renkei.server.error.StorageFull;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ServerMessages.ErrorReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure of an HTTP endpoint into the documented error body. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ErrorReply> api(DomainException e) {
        if (e instanceof jp.renkei.server.error.RetryLaterException busy) {
            return ResponseEntity.status(e.code().httpStatus())
                    .header("Retry-After", Integer.toString(busy.retryAfterSeconds()))
                    .body(ErrorReply.of(null, e.code(), e.getMessage(), e.reason(), e.violations()));
        }
        return body(e.code(), e.getMessage(), e.reason(), e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorReply> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.BodyTooLargeException) {
                return body(ErrorCode.TOO_LARGE, null, null, null);
            }
            if (t instanceof tools.jackson.databind.exc.MismatchedInputException m && !m.getPath().isEmpty()) {
                String field = m.getPath().get(m.getPath().size() - 1).getPropertyName();
                return ResponseEntity.status(ErrorCode.INVALID_FIELD.httpStatus()).body(ErrorReply.of(null,
                        ErrorCode.INVALID_FIELD, null, null,
                        java.util.List.of(new jp.renkei.protocol.Violation(field == null ? "$" : field,
                                m instanceof StrictJson.BadText ? "bad_text" : "bad_type"))));
            }
        }
        return body(ErrorCode.MALFORMED_JSON, null, null, null);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ErrorReply> badParameter(Exception e) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        return ResponseEntity.status(ErrorCode.INVALID_FIELD.httpStatus()).body(ErrorReply.of(null,
                ErrorCode.INVALID_FIELD, null, null, java.util.List.of(new jp.renkei.protocol.Violation(name, "bad_format"))));
    }

    /**
     * A query string Tomcat cannot decode (a malformed percent-encoding such as {@code %zz}, or bytes
     * that are not UTF-8 such as {@code %ff%fe}): the client's mistake, not a server fault.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ErrorReply> badQuery(Exception e) {
        return ResponseEntity.status(ErrorCode.INVALID_FIELD.httpStatus()).body(FallbackErrors.badQuery());
    }

    @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class})
    ResponseEntity<ErrorReply> notFound(Exception e) {
        return body(ErrorCode.UNKNOWN_DESTINATION, null, null, null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorReply> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(ErrorCode.MALFORMED_JSON, "Send application/json.", null, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorReply> unexpected(Exception e) {
        if (StorageFull.is(e)) {
            // Reported once by the store when the level changed; nothing to add per request.
            return body(ErrorCode.STORAGE_FULL, null, null, null);
        }
        // Log the type and stack only: exception messages can carry request content (patient data).
        log.error("Unexpected error handling a request: {}", e.getClass().getName(), withoutMessage(e));
        return body(ErrorCode.INTERNAL, null, null, null);
    }

    private static ResponseEntity<ErrorReply> body(ErrorCode code, String message, String reason, DomainException e) {
        return ResponseEntity.status(code.httpStatus())
                .body(ErrorReply.of(null, code, message, reason, e == null ? null : e.violations()));
    }

    /** A copy of the stack trace without messages, safe to log. */
    public static Throwable withoutMessage(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
