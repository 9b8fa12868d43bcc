package dev.aggregator.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

class BodyLimitTests extends GatewayTestSupport {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Connections of their own, never pooled: a request refused while its body is still being
     * written leaves its connection unusable, and it must not go back to the pool other tests use.
     */
    private WebTestClient unpooled() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void aChatBodyOverTenMebibytesIsRefusedInOpenAisShapeWithoutBeingForwarded() {
        var key = apiKeyWithAllScopes();
        String requestId = newRequestId();

        unpooled()
                .post()
                .uri("/v1/chat/completions")
                .header("Authorization", key.bearer())
                .header("X-Request-Id", requestId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new byte[10 * MIB + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectHeader()
                .valueEquals("X-Request-Id", requestId)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.code")
                .isEqualTo("request_too_large");

        assertThat(stubs.received(requestId)).isEmpty();
    }

    @Test
    void aChatBodyOfTenMebibytesPasses() {
        var key = apiKeyWithAllScopes();

        unpooled()
                .post()
                .uri("/v1/chat/completions")
                .header("Authorization", key.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new byte[10 * MIB])
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aLoginBodyOver64KibibytesIsAProblemEvenWithoutCredentials() {
        unpooled()
                .post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new byte[64 * KIB + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(413)
                .jsonPath("$.type")
                .isEqualTo("https://aggregator.dev/problems/payload-too-large");
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
        var member = member("PLATFORM_ADMIN");
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/providers"))
                .header("Content-Type", "application/json")
                .header("Authorization", member.bearer())
                // No length: the body goes chunked, and the gateway can only count it as it flows.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(4 * MIB)))
                .timeout(Duration.ofSeconds(30))
                .build();

        var response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonMapper.shared().readTree(response.body()).get("status").asInt())
                .isEqualTo(413);
    }

    /** A stream of zeros of the given length that knows nothing of its length up front. */
    private static InputStream zeros(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                if (left <= 0) return -1;
                left--;
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) return -1;
                int n = (int) Math.min(count, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
