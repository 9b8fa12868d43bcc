package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator does through the gateway: Swagger UI's descriptions name the gateway as their
 * server, and the platform admin (nobody else) inspects and replays dead-lettered events.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;

    OperationsIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @Test
    void everyDescriptionSwaggerUiListsNamesTheGatewayAsItsOnlyServer() {
        for (var service : List.of("auth", "orchestrator", "proxy", "billing", "analytics")) {
            var description = api.get("/v3/api-docs/" + service, null);

            assertThat(description.status()).as(service).isEqualTo(200);
            assertThat(description.body().get("servers").findValuesAsString("url"))
                    .as("servers of %s", service)
                    .containsExactly(platform.gatewayUrl());
        }
    }

    @Test
    void thePlatformAdminInspectsAndReplaysDeadLettersThroughTheGatewayAndACompanyCannot() {
        var admin = fixtures.adminToken();

        var billing = api.get("/v1/billing/admin/dead-letters", admin);
        assertThat(billing.status()).as("%s", billing.body()).isEqualTo(200);
        assertThat(billing.body().get("data").findValuesAsString("consumer"))
                .containsExactlyInAnyOrder("billing.usage", "billing.company");
        var analytics = api.get("/v1/analytics/admin/dead-letters", admin);
        assertThat(analytics.status()).as("%s", analytics.body()).isEqualTo(200);
        assertThat(analytics.body().get("data").findValuesAsString("consumer"))
                .containsExactlyInAnyOrder("analytics.usage", "analytics.audit");
        var replay = api.post("/v1/billing/admin/dead-letters/billing.usage/replay", admin, null);
        assertThat(replay.status()).as("%s", replay.body()).isEqualTo(200);
        assertThat(replay.body().get("consumer").asString()).isEqualTo("billing.usage");

        var company = fixtures.fundedCompany(BigDecimal.ZERO);
        assertThat(api.get("/v1/billing/admin/dead-letters", company.ownerToken())
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/v1/analytics/admin/dead-letters/analytics.usage/replay", company.ownerToken(), null)
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/v1/billing/admin/dead-letters/billing.usage/replay", company.apiKey(), null)
                        .status())
                .isEqualTo(403);
    }
}
