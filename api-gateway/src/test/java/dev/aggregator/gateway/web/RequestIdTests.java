package dev.aggregator.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

class RequestIdTests extends GatewayTestSupport {

    @Test
    void aSafeClientRequestIdIsEchoedAndForwarded() {
        var member = member("MEMBER");
        String requestId = newRequestId();

        client.get()
                .uri("/v1/analytics/usage")
                .header("Authorization", member.bearer())
                .header("X-Request-Id", requestId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", requestId);

        assertThat(stubs.received(requestId)).isPresent();
    }

    @Test
    void anUnsafeRequestIdIsReplacedEverywhere() {
        var member = member("MEMBER");

        var response = client.get()
                .uri("/v1/analytics/usage")
                .header("Authorization", member.bearer())
                .header("X-Request-Id", "<script>alert(1)</script>")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class);

        var generated = response.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(generated).startsWith("req_");
        assertThat(stubs.received(generated)).as("the service saw the same id").isPresent();
    }

    @Test
    void errorsCarryARequestIdToo() {
        client.get()
                .uri("/v1/billing/balance")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value("X-Request-Id", id -> assertThat(id).startsWith("req_"));

        client.get()
                .uri("/internal/jwks")
                .header("X-Request-Id", "lost-1")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals("X-Request-Id", "lost-1");
    }
}
