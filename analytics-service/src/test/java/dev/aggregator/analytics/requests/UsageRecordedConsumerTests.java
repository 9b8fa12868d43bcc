package dev.aggregator.analytics.requests;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.analytics.config.EventConsumers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageRecordedConsumerTests extends AnalyticsIntegrationTest {

    @Test
    void storesOneRowPerUsageEventWithTheEventsFacts() {
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

        publishAndAwait("request_log", List.of(event));

        Map<String, Object> row = jdbc.sql("SELECT * FROM request_log WHERE id = ?")
                .param(event.eventId())
                .query()
                .singleRow();
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
                .containsEntry("streamed", true);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.01234568");
        assertThat(jdbc.sql("SELECT created_at FROM request_log WHERE id = ?")
                        .param(event.eventId())
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

        publishAndAwait("request_log", List.of(event));

        Map<String, Object> row = jdbc.sql("SELECT status, http_status, error_code, provider_name, ttft_ms FROM"
                        + " request_log WHERE id = ?")
                .param(event.eventId())
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("status", "error")
                .containsEntry("http_status", 503)
                .containsEntry("error_code", "provider_unavailable")
                .containsEntry("provider_name", null)
                .containsEntry("ttft_ms", null);
    }

    @Test
    void aRedeliveredEventIsStoredOnce() {
        var company = UUID.randomUUID();
        var event = usage(company).cost("0.5").build();
        var later = usage(company).build();

        publishInOrder(event, event, later);
        awaitStored("request_log", List.of(later.eventId()));

        assertThat(countRows("request_log", List.of(event.eventId()))).isEqualTo(1);
        assertThat(jdbc.sql("SELECT sum(cost) FROM request_log WHERE company_id = ?")
                        .param(company)
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("0.50001");
    }

    @Test
    void anEventThatCannotBeStoredIsDeadLetteredWithoutBlockingTheQueue() {
        var company = UUID.randomUUID();
        var withoutCompany = usage(null).build();
        var next = usage(company).build();

        publishInOrder(withoutCompany, next);
        awaitStored("request_log", List.of(next.eventId()));

        awaitDeadLettered(EventConsumers.USAGE, withoutCompany.eventId());
        assertThat(countRows("request_log", List.of(withoutCompany.eventId()))).isZero();
    }
}
