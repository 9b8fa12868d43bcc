package dev.aggregator.common.web.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with a 413 before anything parses them: a declared
 * {@code Content-Length} over the limit is answered without reading a byte, and a body of
 * undeclared length (chunked) fails its reader as soon as it passes the limit, so no more than the
 * limit is ever read. The reader's failure surfaces in Spring MVC as an unreadable body; the
 * filter then replaces that answer with the 413, as long as nothing has been sent yet.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    private static final String PROBLEM = "{\"type\":\"https://aggregator.dev/problems/payload-too-large\","
            + "\"title\":\"Payload too large\",\"status\":413,\"detail\":\"%s\"}";
    private static final String OPENAI_ERROR =
            "{\"error\":{\"message\":\"%s\",\"type\":\"invalid_request_error\",\"param\":null,"
                    + "\"code\":\"request_too_large\"}}";

    private static final String REQUEST_ID = "X-Request-Id";

    private final BodyLimitProperties limits;

    public BodyLimitFilter(BodyLimitProperties limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        long limit = limits.limitFor(path);
        if (request.getContentLengthLong() > limit) {
            refuse(response, path, limit);
            return;
        }
        var limited = new LimitedRequest(request, limit);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!limited.exceeded() || response.isCommitted()) throw e;
        }
        if (limited.exceeded() && !response.isCommitted()) {
            String requestId = response.getHeader(REQUEST_ID);
            response.reset();
            if (requestId != null) response.setHeader(REQUEST_ID, requestId);
            refuse(response, path, limit);
        }
    }

    private void refuse(HttpServletResponse response, String path, long limit) throws IOException {
        boolean openAi = limits.openAiShaped(path);
        String message = "The request body is too large: at most " + limit + " bytes are accepted here.";
        response.setStatus(413);
        response.setContentType(openAi ? "application/json" : "application/problem+json");
        byte[] body = (openAi ? OPENAI_ERROR : PROBLEM).formatted(message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A request whose body ends in an {@link IOException} once more than the limit is read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;
        private volatile boolean exceeded;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new LimitedInputStream(super.getInputStream());
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }

        private final class LimitedInputStream extends ServletInputStream {

            private final ServletInputStream in;
            private long read;

            LimitedInputStream(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) count(1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                // Never ask for more than one byte past the limit: that byte is enough to know.
                long allowed = limit - read + 1;
                int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, allowed)));
                if (n > 0) count(n);
                return n;
            }

            private void count(int n) throws IOException {
                read += n;
                if (read > limit) {
                    exceeded = true;
                    throw new PayloadTooLargeException(limit);
                }
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
        }
    }

    /** What the body's reader throws once the body passes its limit. */
    public static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(long limit) {
            super("request body over " + limit + " bytes");
        }
    }
}
