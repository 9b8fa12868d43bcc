package dev.aggregator.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Unauthenticated routes are limited per client address (here always 127.0.0.1: this context
 * trusts no proxy). Each test context counts under its own Redis prefix, so runs do not meet; the
 * context is closed after this class, so that classes sharing it later do not start with this
 * address's windows spent.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AddressRateLimitTests extends GatewayTestSupport {

    @BeforeEach
    void notAtTheEndOfAWindow() throws InterruptedException {
        long intoMinute = Instant.now().toEpochMilli() % 60_000;
        if (intoMinute > 50_000) Thread.sleep(60_000 - intoMinute + 100);
    }

    @Test
    void sixtyRegistrationsFromOneAddressAreMostlyRefusedWithRetryAfter() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            var result = client.post()
                    .uri("/v1/auth/register")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .returnResult(String.class);
            int status = result.getStatus().value();
            statuses.add(status);
            if (status == 429) {
                assertThat(result.getResponseHeaders().getFirst("Retry-After")).isNotNull();
                assertThat(Integer.parseInt(result.getResponseHeaders().getFirst("Retry-After")))
                        .isBetween(1, 60);
                assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }

        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(50);
    }

    @Test
    void eachRouteHasItsOwnBudgetAndPasswordResetIsTight() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(client.post()
                    .uri("/v1/auth/password-reset")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .returnResult(String.class)
                    .getStatus()
                    .value());
        }
        assertThat(statuses).contains(429);

        // The Stripe webhook is generous, and counted apart from the password resets.
        client.post()
                .uri("/v1/billing/webhooks/stripe")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void authenticatedRoutesAreNotCountedPerAddress() {
        var member = member("OWNER");
        for (int i = 0; i < 15; i++) {
            client.get()
                    .uri("/v1/billing/balance")
                    .header("Authorization", member.bearer())
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }
}
