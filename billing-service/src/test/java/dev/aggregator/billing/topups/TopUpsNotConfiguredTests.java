package dev.aggregator.billing.topups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared test context has no Stripe keys, like a platform that never set them up. */
class TopUpsNotConfiguredTests extends BillingIntegrationTest {

    @Test
    void withoutAStripeSecretKeyTopUpsAreUnavailable() {
        var refused = post("/v1/billing/top-ups", owner(UUID.randomUUID()), "{\"amount\": 10}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text("type")).endsWith("/payments-not-configured");
    }

    @Test
    void withoutAWebhookSecretNoEventIsTrusted() {
        var refused = post("/v1/billing/webhooks/stripe", null, "{\"type\": \"checkout.session.completed\"}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text("type")).endsWith("/payments-not-configured");
    }
}
