package dev.aggregator.common.web.limits;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodyLimitFilterTests {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    private final BodyLimitFilter filter = new BodyLimitFilter(BodyLimitProperties.defaults());

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingAByte() throws Exception {
        var request = post("/v1/auth/login", 64 * KIB + 1);
        var consumed = new AtomicLong();
        var response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws IOException {
                consumed.addAndGet(req.getInputStream().readAllBytes().length);
            }
        }));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":413", "payload-too-large");
        assertThat(consumed).hasValue(0);
    }

    @Test
    void theOpenAiEndpointsTakeTenMebibytesAndAnswerInOpenAisShape() throws Exception {
        var fits = new MockHttpServletResponse();
        filter.doFilter(post("/v1/chat/completions", 10 * MIB), fits, readingChain());
        assertThat(fits.getStatus()).isEqualTo(200);

        var tooLarge = new MockHttpServletResponse();
        filter.doFilter(post("/v1/embeddings", 10 * MIB + 1), tooLarge, readingChain());
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        assertThat(tooLarge.getContentType()).isEqualTo("application/json");
        assertThat(tooLarge.getContentAsString())
                .contains("\"error\":{", "\"type\":\"invalid_request_error\"", "\"param\":null");
    }

    @Test
    void aBodyOfUndeclaredLengthIsCutOffAtTheLimitWhileItIsRead() throws Exception {
        var request = chunked("/v1/auth/register", 5 * MIB);
        var response = new MockHttpServletResponse();
        var read = new AtomicLong();

        filter.doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws IOException {
                try {
                    var in = req.getInputStream();
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) >= 0; ) read.addAndGet(n);
                } catch (IOException tooLarge) {
                    // what Spring MVC would turn into a 400, which the filter replaces
                    res.setStatus(400);
                    res.getWriter().write("{\"status\":400}");
                }
            }
        }));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("\"status\":413").doesNotContain("\"status\":400");
        assertThat(read.get()).isLessThanOrEqualTo(64 * KIB);
    }

    @Test
    void bodiesWithinTheLimitPassUntouched() throws Exception {
        var response = new MockHttpServletResponse();
        var chain = readingChain();
        filter.doFilter(chunked("/v1/auth/login", 64 * KIB), response, chain);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MockFilterChain readingChain() {
        return new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws IOException {
                req.getInputStream().readAllBytes();
                res.setStatus(200);
            }
        });
    }

    private static MockHttpServletRequest post(String path, int length) {
        var request = new MockHttpServletRequest("POST", path);
        request.setContent(new byte[length]);
        request.setContentType("application/json");
        return request;
    }

    /** Chunked transfer: no Content-Length, the body only ends when it is read to the end. */
    private static HttpServletRequest chunked(String path, int length) {
        var request = new MockHttpServletRequest("POST", path) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(new byte[length]);
        request.setContentType("application/json");
        return request;
    }
}
