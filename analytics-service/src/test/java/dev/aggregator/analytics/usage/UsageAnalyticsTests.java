package dev.aggregator.analytics.usage;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.common.events.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsageAnalyticsTests extends AnalyticsIntegrationTest {

    private static final String USAGE = "/v1/analytics/usage?from={from}&to={to}&group_by={group}";

    @Test
    void groupsByUtcDayNewestFirstWithExactCostSums() {
        var company = UUID.randomUUID();
        publishUsageAndAwait(List.of(
                usage(company)
                        .at("2025-03-01T00:00:00Z")
                        .tokens(100, 10)
                        .cost("0.00012345")
                        .build(),
                usage(company)
                        .at("2025-03-01T23:59:59.999Z")
                        .tokens(200, 20)
                        .cost("0.10000001")
                        .build(),
                usage(company)
                        .at("2025-03-02T08:00:00Z")
                        .tokens(5, 0)
                        .cost("0")
                        .failed(502, "upstream_error")
                        .build(),
                usage(company).at("2025-03-03T00:00:00Z").cost("9.99").build()));

        var report = getOk(owner(company), USAGE, "2025-03-01", "2025-03-02", "day");

        var data = report.path("data");
        assertThat(data).hasSize(2);
        assertBucket(data.get(0), "2025-03-02T00:00:00Z", 1, 5, 0, "0");
        assertBucket(data.get(1), "2025-03-01T00:00:00Z", 2, 300, 30, "0.10012346");
        assertBucket(report.path("totals"), null, 3, 305, 30, "0.10012346");
        assertThat(report.path("from").asString()).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(report.path("to").asString()).isEqualTo("2025-03-03T00:00:00Z");
    }

    @Test
    void groupsByHourAndDefaultsToDay() {
        var company = UUID.randomUUID();
        publishUsageAndAwait(List.of(
                usage(company).at("2025-05-10T10:05:00Z").cost("0.1").build(),
                usage(company).at("2025-05-10T10:55:00Z").cost("0.2").build(),
                usage(company).at("2025-05-10T11:00:00Z").cost("0.4").build()));
        var from = "2025-05-10T00:00:00Z";
        var to = "2025-05-11T00:00:00Z";

        var hourly = getOk(owner(company), USAGE, from, to, "hour").path("data");
        assertThat(hourly).hasSize(2);
        assertBucket(hourly.get(0), "2025-05-10T11:00:00Z", 1, 10, 20, "0.4");
        assertBucket(hourly.get(1), "2025-05-10T10:00:00Z", 2, 20, 40, "0.3");

        var daily = getOk(owner(company), "/v1/analytics/usage?from={from}&to={to}", from, to);
        assertThat(daily.path("group_by").asString()).isEqualTo("day");
        assertBucket(daily.path("data").get(0), "2025-05-10T00:00:00Z", 3, 30, 60, "0.7");
    }

    @Test
    void groupsByModelProviderAndApiKeyMostExpensiveFirst() {
        var company = UUID.randomUUID();
        var keyA = UUID.randomUUID();
        var keyB = UUID.randomUUID();
        var at = "2025-06-01T12:00:00Z";
        publishUsageAndAwait(List.of(
                usage(company)
                        .at(at)
                        .apiKey(keyA)
                        .model("small")
                        .provider("p-one")
                        .cost("0.00000001")
                        .build(),
                usage(company)
                        .at(at)
                        .apiKey(keyA)
                        .model("small")
                        .provider("p-two")
                        .cost("0.00000002")
                        .build(),
                usage(company)
                        .at(at)
                        .apiKey(keyB)
                        .model("large")
                        .provider("p-one")
                        .cost("1.5")
                        .build(),
                // Through a member's JWT: no API key.
                usage(company)
                        .at(at)
                        .model("large")
                        .provider("p-two")
                        .cost("0.25")
                        .build()));
        var from = "2025-06-01";
        var to = "2025-06-01";
        var caller = member(company);

        var byModel = getOk(caller, USAGE, from, to, "model").path("data");
        assertThat(byModel.findValuesAsString("bucket")).containsExactly("large", "small");
        assertBucket(byModel.get(0), "large", 2, 20, 40, "1.75");
        assertBucket(byModel.get(1), "small", 2, 20, 40, "0.00000003");

        var byProvider = getOk(caller, USAGE, from, to, "provider").path("data");
        assertBucket(byProvider.get(0), "p-one", 2, 20, 40, "1.50000001");
        assertBucket(byProvider.get(1), "p-two", 2, 20, 40, "0.25000002");

        var byKey = getOk(caller, USAGE, from, to, "api_key").path("data");
        assertThat(byKey).hasSize(3);
        assertBucket(byKey.get(0), keyB.toString(), 1, 10, 20, "1.5");
        assertThat(byKey.get(1).path("bucket").isNull()).isTrue();
        assertBucket(byKey.get(2), keyA.toString(), 2, 20, 40, "0.00000003");
    }

    @Test
    void defaultsToTheLastThirtyDays() {
        var company = UUID.randomUUID();
        var now = Instant.now();
        publishUsageAndAwait(List.of(
                usage(company).at(now.minus(Duration.ofHours(1))).cost("0.3").build(),
                usage(company).at(now.minus(Duration.ofDays(29))).cost("0.2").build(),
                usage(company).at(now.minus(Duration.ofDays(31))).cost("7").build()));

        var totals = getOk(owner(company), "/v1/analytics/usage").path("totals");

        assertThat(totals.path("requests").asLong()).isEqualTo(2);
        assertThat(totals.path("cost").decimalValue()).isEqualByComparingTo("0.5");
    }

    @Test
    void refusesBadParameters() {
        var caller = owner(UUID.randomUUID());

        assertBadRequest("group_by", caller, "/v1/analytics/usage?group_by=week");
        assertBadRequest("from", caller, "/v1/analytics/usage?from=yesterday");
        assertBadRequest("to", caller, "/v1/analytics/usage?from=2025-03-02&to=2025-03-01");
        assertBadRequest("to", caller, "/v1/analytics/usage?from=2025-03-02T00:00:00Z&to=2025-03-02T00:00:00Z");
        assertBadRequest("from", caller, "/v1/analytics/usage?from=2024-01-01&to=2025-01-02");
        assertBadRequest("company_id", caller, "/v1/analytics/usage?company_id=not-a-uuid");
        assertBadRequest("to", caller, "/v1/analytics/usage?to={to}", "+999999999-12-31");
        assertBadRequest("from", caller, "/v1/analytics/usage?from=-5000-01-01&to=2025-01-01");
    }

    @Test
    void aCompanySeesOnlyItsOwnUsageAndOnlyAPlatformAdminMayChooseAnother() {
        var companyA = UUID.randomUUID();
        var companyB = UUID.randomUUID();
        publishUsageAndAwait(
                List.of(usage(companyA).at("2025-07-01T00:00:00Z").cost("3").build()));
        var window = "/v1/analytics/usage?from=2025-07-01&to=2025-07-01";

        var seenByB = getOk(owner(companyB), window);
        assertThat(seenByB.path("data")).isEmpty();
        assertThat(seenByB.path("totals").path("requests").asLong()).isZero();
        assertThat(seenByB.path("totals").path("cost").decimalValue()).isEqualByComparingTo("0");

        // Another company is answered 404, just like one that does not exist.
        get(owner(companyB), window + "&company_id={a}", companyA)
                .expectStatus()
                .isNotFound();
        get(owner(companyB), window + "&company_id={x}", UUID.randomUUID())
                .expectStatus()
                .isNotFound();

        var seenByAdmin = getOk(platformAdmin(), window + "&company_id={a}", companyA);
        assertThat(seenByAdmin.path("totals").path("cost").decimalValue()).isEqualByComparingTo("3");
    }

    @Test
    void anApiKeyNeedsTheAnalyticsReadScope() {
        var company = UUID.randomUUID();

        get(apiKey(company, "chat"), "/v1/analytics/usage").expectStatus().isForbidden();
        get(apiKey(company, "chat", "analytics:read"), "/v1/analytics/usage")
                .expectStatus()
                .isOk();
    }

    @Test
    void countsAStreamedRequestOnceWithItsFinalFiguresWhateverCheckpointsCameBefore() {
        var company = UUID.randomUUID();
        var stream = UUID.randomUUID();
        publishUsageAndAwait(List.of(
                streamEvent(company, stream, true, 50, "0.0005"),
                streamEvent(company, stream, true, 120, "0.0012"),
                streamEvent(company, stream, false, 130, "0.0013"),
                usage(company)
                        .at("2025-06-01T12:00:00Z")
                        .tokens(10, 20)
                        .cost("0.0001")
                        .build()));
        awaitRequestsStored(List.of(stream));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("SELECT final FROM request_log WHERE usage_id = ?")
                        .param(stream)
                        .query(Boolean.class)
                        .single());

        var report = getOk(owner(company), USAGE, "2025-06-01", "2025-06-01", "model");

        assertBucket(report.path("totals"), null, 2, 110, 150, "0.0014");
    }

    private static UsageRecorded streamEvent(
            UUID company, UUID usageId, boolean checkpoint, long completionTokens, String cost) {
        return usage(company)
                .eventId(UUID.randomUUID())
                .usageId(usageId)
                .checkpoint(checkpoint)
                .at("2025-06-01T12:00:30Z")
                .streamed(200)
                .tokens(100, completionTokens)
                .cost(cost)
                .build();
    }

    private static void assertBucket(
            JsonNode node, String bucket, long requests, long prompt, long completion, String cost) {
        if (bucket != null) assertThat(node.path("bucket").asString()).isEqualTo(bucket);
        assertThat(node.path("requests").asLong()).isEqualTo(requests);
        assertThat(node.path("prompt_tokens").asLong()).isEqualTo(prompt);
        assertThat(node.path("completion_tokens").asLong()).isEqualTo(completion);
        assertThat(node.path("cost").decimalValue()).isEqualByComparingTo(cost);
    }
}
