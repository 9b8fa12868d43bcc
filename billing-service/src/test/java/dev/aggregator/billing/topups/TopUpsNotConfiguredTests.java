package dev.aggregator.billing.topups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform that never set Stripe up. Built by hand rather than in a second Spring context: the
 * suite keeps one context (see BillingIntegrationTest), and nothing here reaches the database.
 */
class TopUpsNotConfiguredTests {

    private static final TopUpProperties UNSET = new TopUpProperties(
            null,
            "  ",
            "https://api.stripe.com",
            "http://127.0.0.1:3000",
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    private final TopUps topUps = new TopUps(null, new StripeCheckout(UNSET), null, null, null, null, null);

    @Test
    void withoutAStripeSecretKeyTopUpsAreUnavailable() {
        var owner = Identity.member(UUID.randomUUID(), UUID.randomUUID(), "o@x.test", Set.of(Identity.OWNER));

        assertThatThrownBy(() -> topUps.create(owner, new CreateTopUpRequest(BigDecimal.TEN), null, "127.0.0.1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.toProblemDetail().getType().toString()).endsWith("/payments-not-configured");
                });
    }

    @Test
    void membersGetTheirForbiddenBeforeLearningPaymentsAreOff() {
        var member = Identity.member(UUID.randomUUID(), UUID.randomUUID(), "m@x.test", Set.of(Identity.MEMBER));

        assertThatThrownBy(() -> topUps.create(member, new CreateTopUpRequest(BigDecimal.TEN), null, "127.0.0.1"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(403));
    }

    @Test
    void withoutAWebhookSecretNoEventIsTrusted() {
        var webhooks = new StripeWebhooks(UNSET, topUps, JsonMapper.builder().build());

        assertThatThrownBy(() -> webhooks.receive("{\"type\": \"checkout.session.completed\"}", "t=1,v1=x", "::1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.toProblemDetail().getType().toString()).endsWith("/payments-not-configured");
                });
    }

    @Test
    void theSettingsNeverPrintTheirSecrets() {
        var set = new TopUpProperties(
                "sk_live_very_secret",
                "whsec_very_secret",
                "https://api.stripe.com",
                "http://127.0.0.1:3000",
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));

        assertThat(set.toString()).doesNotContain("very_secret").contains("(set)");
        assertThat(UNSET.toString()).contains("(unset)");
    }
}
