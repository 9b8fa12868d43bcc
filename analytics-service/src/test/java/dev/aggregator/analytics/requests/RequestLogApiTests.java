package dev.aggregator.analytics.requests;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.common.events.UsageRecorded;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RequestLogApiTests extends AnalyticsIntegrationTest {

    @Test
    void pagesThroughTheLogNewestFirst() {
        var company = UUID.randomUUID();
        var base = Instant.parse("2025-08-01T10:00:00Z");
        var events = new ArrayList<UsageRecorded>();
        for (int i = 0; i < 5; i++)
            events.add(usage(company).at(base.plusSeconds(i)).build());
        // Same instant as the newest: the id breaks the tie, and no row is skipped or repeated.
        events.add(usage(company).at(base.plusSeconds(4)).build());
        publishUsageAndAwait(events);

        var seen = new ArrayList<String>();
        var createdAt = new ArrayList<Instant>();
        String cursor = null;
        int pages = 0;
        do {
            var page = cursor == null
                    ? getOk(owner(company), "/v1/analytics/requests?limit=2")
                    : getOk(owner(company), "/v1/analytics/requests?limit=2&cursor={c}", cursor);
            page.path("data").forEach(entry -> {
                seen.add(entry.path("id").asString());
                createdAt.add(Instant.parse(entry.path("created_at").asString()));
            });
            cursor = nextCursor(page);
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .containsExactlyInAnyOrderElementsOf(
                        events.stream().map(UsageRecorded::requestId).toList());
        assertThat(createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void showsEachRequestsFactsAndFiltersByModelAndStatus() {
        var company = UUID.randomUUID();
        var apiKey = UUID.randomUUID();
        var ok = usage(company)
                .apiKey(apiKey)
                .model("m-fast")
                .provider("prov-x")
                .tokens(7, 9)
                .cost("0.00000123")
                .latency(250)
                .streamed(40)
                .build();
        var failed =
                usage(company).model("m-fast").failed(504, "upstream_timeout").build();
        var other = usage(company).model("m-slow").build();
        publishUsageAndAwait(List.of(ok, failed, other));

        var successes = getOk(member(company), "/v1/analytics/requests?model=m-fast&status=success")
                .path("data");
        assertThat(successes).hasSize(1);
        JsonNode entry = successes.get(0);
        assertThat(entry.path("id").asString()).isEqualTo(ok.requestId());
        assertThat(entry.path("model").asString()).isEqualTo("m-fast");
        assertThat(entry.path("provider").asString()).isEqualTo("prov-x");
        assertThat(entry.path("status").asString()).isEqualTo("success");
        assertThat(entry.path("prompt_tokens").asLong()).isEqualTo(7);
        assertThat(entry.path("completion_tokens").asLong()).isEqualTo(9);
        assertThat(entry.path("cost").decimalValue()).isEqualByComparingTo("0.00000123");
        assertThat(entry.path("latency_ms").asLong()).isEqualTo(250);
        assertThat(entry.path("ttft_ms").asLong()).isEqualTo(40);
        assertThat(entry.path("api_key_id").asString()).isEqualTo(apiKey.toString());
        assertThat(Instant.parse(entry.path("created_at").asString()))
                .isEqualTo(ok.occurredAt().truncatedTo(ChronoUnit.MICROS));

        var errors =
                getOk(member(company), "/v1/analytics/requests?status=error").path("data");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path("id").asString()).isEqualTo(failed.requestId());
        assertThat(errors.get(0).path("error_code").asString()).isEqualTo("upstream_timeout");
        assertThat(errors.get(0).path("ttft_ms").isNull()).isTrue();

        assertThat(getOk(member(company), "/v1/analytics/requests").path("data"))
                .hasSize(3);
    }

    @Test
    void anotherCompanySeesNoneOfTheRequests() {
        var companyA = UUID.randomUUID();
        publishUsageAndAwait(List.of(usage(companyA).build()));

        var seenByB = getOk(owner(UUID.randomUUID()), "/v1/analytics/requests");

        assertThat(seenByB.path("data")).isEmpty();
        assertThat(nextCursor(seenByB)).isNull();
        assertThat(getOk(platformAdmin(), "/v1/analytics/requests?company_id={a}", companyA)
                        .path("data"))
                .hasSize(1);
    }

    @Test
    void refusesBadParameters() {
        var caller = owner(UUID.randomUUID());

        assertBadRequest("cursor", caller, "/v1/analytics/requests?cursor=bm90LWEtY3Vyc29y");
        assertBadRequest("cursor", caller, "/v1/analytics/requests?cursor=%%%");
        assertBadRequest("limit", caller, "/v1/analytics/requests?limit=0");
        assertBadRequest("limit", caller, "/v1/analytics/requests?limit=501");
        assertBadRequest("limit", caller, "/v1/analytics/requests?limit=ten");
        assertBadRequest("status", caller, "/v1/analytics/requests?status=pending");
    }
}
