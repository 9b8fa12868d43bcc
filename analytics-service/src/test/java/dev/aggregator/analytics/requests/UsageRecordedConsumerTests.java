package dev.aggregator.analytics.requests;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.analytics.config.EventConsumers;
import dev.aggregator.common.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UsageRecordedConsumerTests extends AnalyticsIntegrationTest {

    @Test
    void storesOneRowPerRequestWithTheEventsFacts() {
        var company = UUID.randomUUID();
        var apiKey = UUID.randomUUID();
        var event = usage(company)
                .apiKey(apiKey)
                .at("2025-04-01T12:30:00.123456Z")
                .model("claude-sonnet")
                .provider("anthropic-eu")
                .tokens(1234, 567)
                .cost("0.01234568")
                .latency(2345)
                .streamed(321)
                .build();

        publishUsageAndAwait(List.of(event));

        Map<String, Object> row = requestRow(event.usageId());
        assertThat(row)
                .containsEntry("request_id", event.requestId())
                .containsEntry("company_id", company)
                .containsEntry("api_key_id", apiKey)
                .containsEntry("user_id", null)
                .containsEntry("endpoint", "/v1/chat/completions")
                .containsEntry("model", "claude-sonnet")
                .containsEntry("provider_id", event.providerId())
                .containsEntry("provider_name", "anthropic-eu")
                .containsEntry("status", "success")
                .containsEntry("http_status", 200)
                .containsEntry("error_code", null)
                .containsEntry("prompt_tokens", 1234L)
                .containsEntry("completion_tokens", 567L)
                .containsEntry("latency_ms", 2345L)
                .containsEntry("ttft_ms", 321L)
                .containsEntry("streamed", true)
                .containsEntry("final", true);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.01234568");
        assertThat(jdbc.sql("SELECT created_at FROM request_log WHERE usage_id = ?")
                        .param(event.usageId())
                        .query(OffsetDateTime.class)
                        .single()
                        .toInstant())
                .isEqualTo(Instant.parse("2025-04-01T12:30:00.123456Z"));
    }

    @Test
    void storesAFailedRequestThatReachedNoProvider() {
        var event = usage(UUID.randomUUID())
                .provider(null)
                .tokens(0, 0)
                .cost("0")
                .failed(503, "provider_unavailable")
                .build();

        publishUsageAndAwait(List.of(event));

        assertThat(requestRow(event.usageId()))
                .containsEntry("status", "error")
                .containsEntry("http_status", 503)
                .containsEntry("error_code", "provider_unavailable")
                .containsEntry("provider_name", null)
                .containsEntry("ttft_ms", null);
    }

    @Test
    void aBatchOfFiveHundredEventsIsStoredAsFiveHundredRowsInAFewTransactions() {
        var company = UUID.randomUUID();
        var events = IntStream.range(0, 500)
                .mapToObj(i -> usage(company).cost("0.001").build())
                .toArray(UsageRecorded[]::new);

        publishInOrder(events);
        var usageIds = List.of(events).stream().map(UsageRecorded::usageId).toList();
        awaitRequestsStored(usageIds);

        // Rows written by one transaction share its id (xmin): one per batch, not one per event.
        long transactions = jdbc.sql("SELECT count(DISTINCT xmin::text) FROM request_log WHERE company_id = ?")
                .param(company)
                .query(Long.class)
                .single();
        assertThat(transactions).isBetween(1L, 25L);
        assertThat(jdbc.sql("SELECT count(*), sum(cost) FROM request_log WHERE company_id = ?")
                        .param(company)
                        .query((rs, n) -> List.of(rs.getLong(1), rs.getBigDecimal(2)))
                        .single())
                .satisfies(totals -> {
                    assertThat(totals.get(0)).isEqualTo(500L);
                    assertThat((BigDecimal) totals.get(1)).isEqualByComparingTo("0.5");
                });
    }

    @Test
    void aStreamsCheckpointsAndFinalEventInAnyOrderLeaveOneRowWithTheFinalFigures() {
        var company = UUID.randomUUID();
        var random = new Random(20250401L);
        for (int round = 0; round < 5; round++) {
            var stream = UUID.randomUUID();
            var published = new ArrayList<UsageRecorded>(List.of(
                    streamEvent(company, stream, true, 10, "0.00010000", 10_000),
                    streamEvent(company, stream, true, 250, "0.00250000", 20_000),
                    streamEvent(company, stream, true, 400, "0.00400000", 30_000),
                    // A final event may report less than a checkpoint did (e.g. the provider's own
                    // usage replacing the streamed estimate): it is still the request's last word.
                    streamEvent(company, stream, false, 390, "0.00390000", 31_234)));
            Collections.shuffle(published, random);
            var marker = usage(company).build();

            publishInOrder(published.toArray(UsageRecorded[]::new));
            publishInOrder(marker);
            awaitRequestsStored(List.of(marker.usageId()));

            assertThat(countRequests(List.of(stream))).isEqualTo(1);
            Map<String, Object> row = requestRow(stream);
            assertThat(row)
                    .containsEntry("final", true)
                    .containsEntry("completion_tokens", 390L)
                    .containsEntry("latency_ms", 31_234L);
            assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.0039");
        }
    }

    @Test
    void aLaterCheckpointReplacesAnEarlierOneAndAnOlderOneChangesNothing() {
        var company = UUID.randomUUID();
        var stream = UUID.randomUUID();
        var early = streamEvent(company, stream, true, 10, "0.0001", 10_000);
        var later = streamEvent(company, stream, true, 300, "0.003", 20_000);

        publishInOrder(early, later, early);
        var marker = usage(company).build();
        publishInOrder(marker);
        awaitRequestsStored(List.of(marker.usageId()));

        Map<String, Object> row = requestRow(stream);
        assertThat(row).containsEntry("final", false).containsEntry("completion_tokens", 300L);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.003");
    }

    @Test
    void aDuplicateDeliveryChangesNothing() {
        var company = UUID.randomUUID();
        var event = usage(company).cost("0.5").build();
        var later = usage(company).build();
        publishInOrder(event, later);
        awaitRequestsStored(List.of(event.usageId(), later.usageId()));
        Map<String, Object> before = requestRow(event.usageId());
        String versionBefore = rowVersion(event.usageId());

        var marker = usage(company).build();
        publishInOrder(event, event, marker);
        awaitRequestsStored(List.of(marker.usageId()));

        assertThat(countRequests(List.of(event.usageId()))).isEqualTo(1);
        assertThat(requestRow(event.usageId())).isEqualTo(before);
        assertThat(rowVersion(event.usageId()))
                .as("the row was not even rewritten")
                .isEqualTo(versionBefore);
        assertThat(jdbc.sql("SELECT sum(cost) FROM request_log WHERE company_id = ?")
                        .param(company)
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("0.50002");
    }

    @Test
    void anEventOfAnotherCompanyNeverOverwritesARequest() {
        var owner = UUID.randomUUID();
        var usageId = UUID.randomUUID();
        var mine = usage(owner).usageId(usageId).checkpoint(true).cost("0.1").build();
        var foreign = usage(UUID.randomUUID()).usageId(usageId).cost("5").build();

        publishInOrder(mine, foreign);
        var marker = usage(owner).build();
        publishInOrder(marker);
        awaitRequestsStored(List.of(marker.usageId()));

        assertThat(requestRow(usageId)).containsEntry("company_id", owner).containsEntry("final", false);
    }

    @Test
    void anEventThatCannotBeStoredIsDeadLetteredWithoutBlockingTheQueue() {
        var company = UUID.randomUUID();
        var withoutCompany = usage(null).build();
        var next = usage(company).build();

        publishInOrder(withoutCompany, next);
        awaitRequestsStored(List.of(next.usageId()));

        awaitDeadLettered(EventConsumers.USAGE, withoutCompany.eventId());
        assertThat(countRequests(List.of(withoutCompany.usageId()))).isZero();
    }

    /**
     * The proxy publishes each group commit of usage events as one message holding a JSON array:
     * every member is stored, and a member that cannot be stored is dead-lettered on its own.
     */
    @Test
    void anArrayMessageIsStoredEventByEventAndABadMemberIsDeadLetteredAlone() {
        var company = UUID.randomUUID();
        var first = usage(company).build();
        var withoutCompany = usage(null).build();
        var last = usage(company).build();

        publishArray(List.of(first, withoutCompany, last));
        awaitRequestsStored(List.of(first.usageId(), last.usageId()));

        awaitDeadLettered(EventConsumers.USAGE, withoutCompany.eventId());
        assertThat(countRequests(List.of(withoutCompany.usageId()))).isZero();
    }

    private static UsageRecorded streamEvent(
            UUID company, UUID usageId, boolean checkpoint, long completionTokens, String cost, long latencyMs) {
        return usage(company)
                .eventId(UUID.randomUUID())
                .usageId(usageId)
                .checkpoint(checkpoint)
                .streamed(150)
                .tokens(100, completionTokens)
                .cost(cost)
                .latency(latencyMs)
                .build();
    }

    private Map<String, Object> requestRow(UUID usageId) {
        return jdbc.sql("SELECT * FROM request_log WHERE usage_id = ?")
                .param(usageId)
                .query()
                .singleRow();
    }

    /** Changes whenever the row is written, even with the same values. */
    private String rowVersion(UUID usageId) {
        return jdbc.sql("SELECT xmin::text FROM request_log WHERE usage_id = ?")
                .param(usageId)
                .query(String.class)
                .single();
    }
}
