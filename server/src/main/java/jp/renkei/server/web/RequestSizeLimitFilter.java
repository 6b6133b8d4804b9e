package jp.renkei.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Limits;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over {@link Limits#MAX_HTTP_BODY_BYTES} with {@link ErrorCode#TOO_LARGE}
 * before anything reads them: by the declared length, or while reading a body of unknown length.
 *
 * <p>One narrow exception: {@code POST /api/rooms/{roomId}/photos}, the photo upload,
 * may send up to {@link Limits#MAX_PHOTO_BYTES}; the photo controller enforces that limit itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final ErrorResponses errors;

    RequestSizeLimitFilter(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    /** The photo upload endpoint, the only body allowed over the JSON limit. */
    private static final java.util.regex.Pattern PHOTO_UPLOAD =
            java.util.regex.Pattern.compile("/api/rooms/[A-Za-z0-9-]{1,64}/photos");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && PHOTO_UPLOAD.matcher(request.getRequestURI()).matches()) {
            chain.doFilter(request, response); // limited to MAX_PHOTO_BYTES by the photo controller
            return;
        }
        if (request.getContentLengthLong() > Limits.MAX_HTTP_BODY_BYTES) {
            errors.write(response, ErrorCode.TOO_LARGE, null);
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    /** Thrown when a body of unknown length turns out too large; reported as {@link ErrorCode#TOO_LARGE}. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > Limits.MAX_HTTP_BODY_BYTES) {
                        throw new BodyTooLargeException();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0 && (read += n) > Limits.MAX_HTTP_BODY_BYTES) {
                        throw new BodyTooLargeException();
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
