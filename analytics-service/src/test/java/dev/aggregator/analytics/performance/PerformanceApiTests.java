package dev.aggregator.analytics.performance;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.common.events.UsageRecorded;
import java.util.ArrayList;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PerformanceApiTests extends AnalyticsIntegrationTest {

    private static final String WINDOW = "/v1/analytics/performance?from=2025-09-01&to=2025-09-01";

    @Test
    void reportsLatencyPercentilesAndErrorRatePerProviderAndModel() {
        var company = UUID.randomUUID();
        var provider = "perf-" + UUID.randomUUID();
        var events = new ArrayList<UsageRecorded>();
        // Latencies 100, 200, ... 1000 ms; the first two failed; TTFT 10..50 ms on five streams.
        for (int i = 1; i <= 10; i++) {
            var event = usage(company)
                    .at("2025-09-01T12:00:00Z")
                    .provider(provider)
                    .model("m-a")
                    .latency(i * 100L);
            if (i <= 2) event.failed(502, "upstream_error");
            if (i <= 5) event.streamed(i * 10L);
            events.add(event.build());
        }
        events.add(usage(company)
                .at("2025-09-01T12:00:00Z")
                .provider(provider)
                .model("m-b")
                .latency(70)
                .build());
        events.add(usage(company)
                .at("2025-09-01T12:00:00Z")
                .provider(null)
                .failed(503, "no_provider")
                .build());
        publishUsageAndAwait(events);

        var data = getOk(owner(company), WINDOW).path("data");

        assertThat(data).hasSize(2);
        var busiest = data.get(0);
        assertThat(busiest.path("provider").asString()).isEqualTo(provider);
        assertThat(busiest.path("model").asString()).isEqualTo("m-a");
        assertThat(busiest.path("requests").asLong()).isEqualTo(10);
        assertThat(busiest.path("error_rate").decimalValue()).isEqualByComparingTo("0.2");
        // percentile_cont interpolates: p95 sits 0.55 of the way from 900 to 1000.
        assertPercentiles(busiest.path("latency_ms"), "550", "955", "991");
        assertPercentiles(busiest.path("ttft_ms"), "30", "48", "49.6");

        var single = data.get(1);
        assertThat(single.path("model").asString()).isEqualTo("m-b");
        assertThat(single.path("error_rate").decimalValue()).isEqualByComparingTo("0");
        assertPercentiles(single.path("latency_ms"), "70", "70", "70");
        assertThat(single.path("ttft_ms").isNull()).isTrue();
    }

    @Test
    void aCompanySeesOnlyItsOwnRequestsWhileAPlatformAdminSeesThePlatform() {
        var companyA = UUID.randomUUID();
        var companyB = UUID.randomUUID();
        var provider = "perf-" + UUID.randomUUID();
        publishUsageAndAwait(java.util.List.of(
                usage(companyA)
                        .at("2025-09-01T08:00:00Z")
                        .provider(provider)
                        .latency(100)
                        .build(),
                usage(companyB)
                        .at("2025-09-01T09:00:00Z")
                        .provider(provider)
                        .latency(300)
                        .build()));

        var seenByA = getOk(owner(companyA), WINDOW).path("data");
        assertThat(seenByA).hasSize(1);
        assertThat(seenByA.get(0).path("requests").asLong()).isEqualTo(1);
        assertPercentiles(seenByA.get(0).path("latency_ms"), "100", "100", "100");

        var platform = entryFor(getOk(platformAdmin(), WINDOW), provider);
        assertThat(platform.path("requests").asLong()).isEqualTo(2);
        assertThat(platform.path("latency_ms").path("p50").decimalValue()).isEqualByComparingTo("200");

        var onlyB = getOk(platformAdmin(), WINDOW + "&company_id={b}", companyB).path("data");
        assertThat(onlyB).hasSize(1);
        assertPercentiles(onlyB.get(0).path("latency_ms"), "300", "300", "300");

        assertThat(getOk(owner(UUID.randomUUID()), WINDOW).path("data")).isEmpty();
    }

    @Test
    void refusesAReversedWindow() {
        assertBadRequest("to", owner(UUID.randomUUID()), "/v1/analytics/performance?from=2025-09-02&to=2025-09-01");
    }

    private static JsonNode entryFor(JsonNode report, String provider) {
        return StreamSupport.stream(report.path("data").spliterator(), false)
                .filter(entry -> entry.path("provider").asString().equals(provider))
                .findFirst()
                .orElseThrow();
    }

    private static void assertPercentiles(JsonNode node, String p50, String p95, String p99) {
        assertThat(node.path("p50").decimalValue()).isEqualByComparingTo(p50);
        assertThat(node.path("p95").decimalValue()).isEqualByComparingTo(p95);
        assertThat(node.path("p99").decimalValue()).isEqualByComparingTo(p99);
    }
}
