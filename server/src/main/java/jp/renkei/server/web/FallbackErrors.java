package jp.renkei.server.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ServerMessages.ErrorReply;
import jp.renkei.protocol.Violation;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The documented error body ({@code {code, message}}) for failures that never reach a controller,
 * found by {@code HttpFuzzTest}: URLs refused by Spring Security's firewall ({@code //}, encoded
 * {@code ..} or {@code %}), errors Spring routes to {@code /error}, and requests Tomcat refuses while
 * parsing (invalid characters such as {@code [} in the request line). Before, these answered with
 * Boot's own JSON shape or Tomcat's HTML page.
 */
@Configuration(proxyBeanMethods = false)
class FallbackErrors {

    /** The code for an HTTP status set outside Renkei's handlers. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 405 -> ErrorCode.UNKNOWN_DESTINATION;
            case 413, 414, 431 -> ErrorCode.TOO_LARGE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_FIELD;
        };
    }

    static ErrorReply replyFor(int status) {
        ErrorCode code = codeFor(status);
        return ErrorReply.of(null, code, null, null,
                code == ErrorCode.INVALID_FIELD ? List.of(new Violation("request", "bad_format")) : null);
    }

    /** The body for a query string that cannot be decoded (malformed percent-encoding, not UTF-8). */
    static ErrorReply badQuery() {
        return ErrorReply.of(null, ErrorCode.INVALID_FIELD, null, null, List.of(new Violation("query", "bad_format")));
    }

    /** A URL the firewall refuses names no resource. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorResponses errors) {
        return (request, response, e) -> errors.write(response, ErrorCode.UNKNOWN_DESTINATION, null);
    }

    /** Replaces Tomcat's HTML error page with the JSON error body. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReportValve() {
        // The host adds its error report valve when it starts, after these customizers ran.
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /** Tomcat's error report, as the documented JSON body; never a stack trace or server version. */
    public static class JsonErrorReportValve extends ErrorReportValve {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream().write(JSON.writeValueAsBytes(replyFor(status)));
                response.finishResponse();
            } catch (IOException | IllegalStateException ignored) {
                // The client is gone or the response was already used: nothing more to send.
            }
        }
    }

    /** Errors Spring routes to {@code /error} (Boot's own error controller backs off). */
    @RestController
    static class JsonErrorController implements ErrorController {

        @RequestMapping("/error")
        ResponseEntity<ErrorReply> error(HttpServletRequest request) {
            for (Object t = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION); t instanceof Throwable e;
                 t = e.getCause() == e ? null : e.getCause()) {
                if (e instanceof org.apache.tomcat.util.http.InvalidParameterException) {
                    // A filter read the parameters first: still the client's malformed query.
                    return ResponseEntity.status(ErrorCode.INVALID_FIELD.httpStatus()).body(badQuery());
                }
            }
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int code = status instanceof Integer i ? i : 500;
            return ResponseEntity.status(code).body(replyFor(code));
        }
    }
}
