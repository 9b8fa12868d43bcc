package dev.aggregator.billing.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlansApiTests extends BillingIntegrationTest {

    @Test
    void listsTheSeededPlansCheapestFirst() {
        var response = get("/v1/billing/plans", owner(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(200);
        var plans = response.body().get("data");
        assertThat(plans).hasSize(3);
        assertThat(plans.get(0).get("id").asString()).isEqualTo("starter");
        assertThat(plans.get(0).get("monthly_price").decimalValue()).isEqualByComparingTo("19");
        assertThat(plans.get(0).get("tokens_included").asLong()).isEqualTo(2_000_000);
        assertThat(plans.get(1).get("id").asString()).isEqualTo("pro");
        assertThat(plans.get(1).get("discount_percent").decimalValue()).isEqualByComparingTo("10");
        assertThat(plans.get(2).get("id").asString()).isEqualTo("scale");
        assertThat(plans.get(2).get("name").asString()).isEqualTo("Scale");
        assertThat(plans.get(2).get("description").asString()).isNotBlank();
    }

    @Test
    void healthIsUpWithTheDatabaseAndBrokerReachable() {
        var response = get("/health", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("status")).isEqualTo("UP");
    }

    @Test
    void theOpenApiDescriptionIsPublished() {
        var response = get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("paths").has("/v1/billing/balance")).isTrue();
    }
}
