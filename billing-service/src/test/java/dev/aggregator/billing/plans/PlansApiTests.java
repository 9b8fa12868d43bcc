package dev.aggregator.billing.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlansApiTests extends BillingIntegrationTest {

    @Test
    void listsTheSeededPackagesCheapestFirstEachPricedAsItsUsageLessItsDiscount() {
        var response = get("/v1/billing/plans", owner(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(200);
        var plans = response.body()
                .get("data")
                .valueStream()
                .filter(plan -> java.util.Set.of("starter", "pro", "scale")
                        .contains(plan.get("id").asString()))
                .toList();
        assertThat(plans).extracting(plan -> plan.get("id").asString()).containsExactly("starter", "pro", "scale");
        assertThat(plans.get(0).get("monthly_price").decimalValue()).isEqualByComparingTo("19");
        assertThat(plans.get(0).get("included_usage").decimalValue()).isEqualByComparingTo("19");
        assertThat(plans.get(1).get("discount_percent").decimalValue()).isEqualByComparingTo("10");
        assertThat(plans.get(1).get("included_usage").decimalValue()).isEqualByComparingTo("110");
        assertThat(plans.get(1).get("monthly_price").decimalValue()).isEqualByComparingTo("99");
        assertThat(plans.get(2).get("included_usage").decimalValue()).isEqualByComparingTo("623.75");
        assertThat(plans.get(2).get("monthly_price").decimalValue()).isEqualByComparingTo("499");
        assertThat(plans.get(2).get("name").asString()).isEqualTo("Scale");
        assertThat(plans.get(2).get("description").asString()).isNotBlank();
        for (var plan : plans) {
            var included = plan.get("included_usage").decimalValue();
            var discount = plan.get("discount_percent").decimalValue();
            assertThat(plan.get("monthly_price").decimalValue()).isEqualByComparingTo(Plan.priceOf(included, discount));
        }
    }

    @Test
    void aPlatformAdminSavesAPlanWhosePriceFollowsFromItsPackageAndDiscount() {
        var id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        var body = """
                {"name": "Team", "included_usage": 33.33333333, "discount_percent": 12.5,
                 "description": "A test package", "sort_order": 5}""";

        assertThat(put("/v1/billing/plans/" + id, owner(UUID.randomUUID()), body)
                        .status())
                .isEqualTo(403);
        var saved = put("/v1/billing/plans/" + id, platformAdmin(), body);

        assertThat(saved.status()).isEqualTo(200);
        // 33.33333333 × 0.875 = 29.16666666375, half-even to 8 places
        assertThat(saved.decimal("monthly_price")).isEqualByComparingTo("29.16666666");
        assertThat(get("/v1/billing/plans", owner(UUID.randomUUID()))
                        .body()
                        .get("data")
                        .valueStream()
                        .map(plan -> plan.get("id").asString()))
                .contains(id);

        var withdrawn = put("/v1/billing/plans/" + id, platformAdmin(), """
                {"name": "Team", "included_usage": 40, "discount_percent": 10, "description": "gone", "active": false}""");
        assertThat(withdrawn.decimal("monthly_price")).isEqualByComparingTo("36");
        assertThat(get("/v1/billing/plans", owner(UUID.randomUUID()))
                        .body()
                        .get("data")
                        .valueStream()
                        .map(plan -> plan.get("id").asString()))
                .doesNotContain(id);
    }

    @Test
    void anInvalidPlanIsA400AndSavesNothing() {
        var id = "it-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(put("/v1/billing/plans/" + id, platformAdmin(), """
                {"name": "x", "included_usage": 10, "discount_percent": 100, "description": "d"}""").status())
                .isEqualTo(400);
        assertThat(put("/v1/billing/plans/" + id, platformAdmin(), """
                {"name": "x", "included_usage": 0, "discount_percent": 5, "description": "d"}""").status())
                .isEqualTo(400);
        assertThat(put("/v1/billing/plans/Bad%20Id", platformAdmin(), """
                {"name": "x", "included_usage": 10, "discount_percent": 5, "description": "d"}""").status())
                .isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM plan WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
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
        assertThat(response.body().get("paths").has("/v1/billing/admin/dead-letters/{consumer}/replay"))
                .isTrue();
    }

    /** Swagger UI's "Try it out" must go through the gateway, never to this service's own port. */
    @Test
    void theOpenApiDescriptionNamesOnlyTheGatewaysPublicAddressAsItsServer() {
        var servers = get("/v3/api-docs", null).body().get("servers");

        assertThat(servers.size()).isEqualTo(1);
        assertThat(servers.get(0).get("url").asString()).isEqualTo("https://api.aggregator.example");
    }
}
