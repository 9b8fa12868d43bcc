package dev.aggregator.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a load balancer (here: the test, on 127.0.0.1, is the trusted proxy) the client is the
 * address the proxy names in {@code X-Forwarded-For}: the per-address limits count it, and the
 * services are told it, although the gateway drops the client's forwarding headers.
 */
@TestPropertySource(properties = "aggregator.gateway.trusted-proxies=127.0.0.1/32")
class TrustedProxyAddressTests extends GatewayTestSupport {

    @BeforeEach
    void notAtTheEndOfAWindow() throws InterruptedException {
        long intoMinute = Instant.now().toEpochMilli() % 60_000;
        if (intoMinute > 50_000) Thread.sleep(60_000 - intoMinute + 100);
    }

    @Test
    void eachAddressATrustedProxyNamesHasABudgetOfItsOwn() {
        for (int i = 0; i < 10; i++) {
            assertThat(register("203.0.113.7"))
                    .as("registration %d from 203.0.113.7", i + 1)
                    .isEqualTo(200);
        }

        assertThat(register("203.0.113.7")).isEqualTo(429);
        assertThat(register("203.0.113.8")).isEqualTo(200);
    }

    @Test
    void servicesAreToldTheAddressTheTrustedProxyNamed() {
        String requestId = newRequestId();

        client.post()
                .uri("/v1/auth/register")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Request-Id", requestId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(stubs.received(requestId))
                .hasValueSatisfying(received ->
                        assertThat(received.headers().getAll("X-Forwarded-For")).containsExactly("203.0.113.9"));
    }

    private int register(String clientAddress) {
        return client.post()
                .uri("/v1/auth/register")
                .header("X-Forwarded-For", clientAddress)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }
}
