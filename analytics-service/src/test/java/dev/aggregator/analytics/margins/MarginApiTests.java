package dev.aggregator.analytics.margins;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The platform admin's revenue, cost and margin per provider and model, from the request log. */
class MarginApiTests extends AnalyticsIntegrationTest {

    private static final String WINDOW = "/v1/analytics/margins?from=2025-10-02&to=2025-10-02";

    @Test
    void revenueCostAndMarginPerProviderAndModelAcrossCompanies() {
        var provider = "margin-" + UUID.randomUUID();
        var other = "margin-unknown-" + UUID.randomUUID();
        publishUsageAndAwait(List.of(
                usage(UUID.randomUUID())
                        .at("2025-10-02T10:00:00Z")
                        .provider(provider)
                        .model("m-margin")
                        .cost("0.00100000")
                        .platformCost("0.00060000")
                        .build(),
                usage(UUID.randomUUID())
                        .at("2025-10-02T11:00:00Z")
                        .provider(provider)
                        .model("m-margin")
                        .cost("0.00200000")
                        .platformCost("0.00150000")
                        .build(),
                usage(UUID.randomUUID())
                        .at("2025-10-02T12:00:00Z")
                        .provider(other)
                        .model("m-margin")
                        .cost("0.00050000")
                        .build()));

        var data = getOk(platformAdmin(), WINDOW).path("data");

        var known = find(data, provider);
        assertThat(known.path("requests").asLong()).isEqualTo(2);
        assertThat(known.path("revenue").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(known.path("cost").decimalValue()).isEqualByComparingTo("0.0021");
        assertThat(known.path("margin").decimalValue()).isEqualByComparingTo("0.0009");
        assertThat(known.path("requests_without_cost").asLong()).isZero();
        var unknown = find(data, other);
        assertThat(unknown.path("cost").decimalValue()).isEqualByComparingTo("0");
        assertThat(unknown.path("requests_without_cost").asLong()).isEqualTo(1);
    }

    @Test
    void onlyThePlatformAdminSeesMargins() {
        get(owner(UUID.randomUUID()), WINDOW).expectStatus().isForbidden();
    }

    private static JsonNode find(JsonNode data, String provider) {
        for (JsonNode entry : data) {
            if (provider.equals(entry.path("provider").asString())) return entry;
        }
        throw new AssertionError("no entry for " + provider + " in " + data);
    }
}
