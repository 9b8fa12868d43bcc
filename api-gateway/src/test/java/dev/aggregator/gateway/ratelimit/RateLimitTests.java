package dev.aggregator.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class RateLimitTests extends GatewayTestSupport {

    /** The windows are whole minutes: keep a burst of requests from straddling two of them. */
    @BeforeEach
    void notAtTheEndOfAWindow() throws InterruptedException {
        long intoMinute = Instant.now().toEpochMilli() % 60_000;
        if (intoMinute > 55_000) Thread.sleep(60_000 - intoMinute + 100);
    }

    @Test
    void aKeyGetsItsRpmLimitThenA429WithRetryAfter() {
        var key = apiKey(Set.of("chat"), 3);

        for (int remaining = 2; remaining >= 0; remaining--) {
            client.post()
                    .uri("/v1/chat/completions")
                    .header("Authorization", key.bearer())
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("x-ratelimit-limit", "3")
                    .expectHeader()
                    .valueEquals("x-ratelimit-remaining", Integer.toString(remaining));
        }

        client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", key.bearer())
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectHeader()
                .valueEquals("x-ratelimit-limit", "3")
                .expectHeader()
                .valueEquals("x-ratelimit-remaining", "0")
                .expectHeader()
                .value(
                        "Retry-After",
                        retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60))
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("requests")
                .jsonPath("$.error.code")
                .isEqualTo("rate_limit_exceeded");
    }

    @Test
    void platformApiLimitsAreProblems() {
        var key = apiKey(Set.of("billing:read"), 1);
        client.get()
                .uri("/v1/billing/balance")
                .header("Authorization", key.bearer())
                .exchange()
                .expectStatus()
                .isOk();

        client.get()
                .uri("/v1/billing/balance")
                .header("Authorization", key.bearer())
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://aggregator.dev/problems/rate-limited");
    }

    @Test
    void keysWithoutTheirOwnLimitAndMembersGetThePlatformDefault() {
        var key = apiKey(Set.of("models"), null);
        var member = member("MEMBER");

        client.get()
                .uri("/v1/models")
                .header("Authorization", key.bearer())
                .exchange()
                .expectHeader()
                .valueEquals("x-ratelimit-limit", "600");
        client.get()
                .uri("/v1/preferences")
                .header("Authorization", member.bearer())
                .exchange()
                .expectHeader()
                .valueEquals("x-ratelimit-limit", "600")
                .expectHeader()
                .valueEquals("x-ratelimit-remaining", "599");
    }

    @Test
    void publicEndpointsAreNotCounted() {
        client.post()
                .uri("/v1/auth/login")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("x-ratelimit-limit");
    }
}
