package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxRelay;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The usage event lands in the outbox with every field billing and analytics read. */
@ProxyServiceTest
class UsageRecorderTests {

    @Autowired
    UsageRecorder recorder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    OutboxRelay relay;

    /** The relay deletes rows it published; paused, so that the rows can be read back. */
    @BeforeEach
    void pauseTheRelay() {
        relay.stop();
    }

    @AfterEach
    void resumeTheRelay() {
        relay.start();
    }

    private final Identity identity = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void aServedRequestIsRecordedWithItsExactCostUsageIdAndLeaseBeforeItReturns() {
        var candidate = Candidates.priced("0.15", "0.6");
        var request = new ProxiedRequest(requestId, identity, "/v1/chat/completions", "gpt-x", true, System.nanoTime());
        UUID lease = activeLease();
        var trail = recorder.trail(request, lease);
        var durable = new AtomicReference<UsageRecorded>();

        var event = recorder.served(trail, candidate, new TokenUsage(1000, 333), 42L, 200, null, durable::set);

        assertThat(event.cost()).isEqualTo(new BigDecimal("0.00034980"));
        assertThat(durable.get()).isEqualTo(event);
        JsonNode payload = outboxPayload();
        assertThat(payload.path("type").asString()).isEqualTo("usage.recorded");
        assertThat(payload.path("request_id").asString()).isEqualTo(requestId);
        assertThat(payload.path("company_id").asString())
                .isEqualTo(identity.companyId().toString());
        assertThat(payload.path("api_key_id").asString())
                .isEqualTo(identity.apiKeyId().toString());
        assertThat(payload.path("model").asString()).isEqualTo("gpt-x");
        assertThat(payload.path("provider_id").asString())
                .isEqualTo(candidate.providerId().toString());
        assertThat(payload.path("provider_model").asString()).isEqualTo("gpt-test");
        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("streamed").asBoolean()).isTrue();
        assertThat(payload.path("prompt_tokens").asLong()).isEqualTo(1000);
        assertThat(payload.path("completion_tokens").asLong()).isEqualTo(333);
        assertThat(payload.path("cost").decimalValue()).isEqualByComparingTo("0.00034980");
        assertThat(payload.path("input_price_per_million").decimalValue()).isEqualByComparingTo("0.15");
        assertThat(payload.path("lease_id").asString()).isEqualTo(lease.toString());
        assertThat(payload.path("usage_id").asString())
                .isEqualTo(trail.usageId().toString());
        assertThat(payload.path("checkpoint").asBoolean()).isFalse();
        assertThat(payload.has("reservation_id")).isFalse();
        assertThat(payload.path("ttft_ms").asLong()).isEqualTo(42);
        assertThat(payload.path("latency_ms").isIntegralNumber()).isTrue();
        assertThat(payload.toString()).doesNotContain("sk-secret");
    }

    @Test
    void aFailedRequestCostsNothingAndCarriesNoLease() {
        var request = new ProxiedRequest(requestId, identity, "/v1/embeddings", "e", false, System.nanoTime());

        recorder.failed(request, Candidates.priced("1", "1"), 502, "upstream_error");

        JsonNode payload = outboxPayload();
        assertThat(payload.path("status").asString()).isEqualTo("error");
        assertThat(payload.path("http_status").asInt()).isEqualTo(502);
        assertThat(payload.path("error_code").asString()).isEqualTo("upstream_error");
        assertThat(payload.path("cost").decimalValue()).isZero();
        assertThat(payload.has("lease_id")).isFalse();
        assertThat(payload.path("checkpoint").asBoolean()).isFalse();
        assertThat(payload.path("usage_id").asString()).isNotBlank();
    }

    private UUID activeLease() {
        UUID lease = UUID.randomUUID();
        jdbc.sql("INSERT INTO lease (id, company_id, instance_id, state) VALUES (?, ?, ?, 'ACTIVE')")
                .params(lease, identity.companyId(), UUID.randomUUID())
                .update();
        return lease;
    }

    private JsonNode outboxPayload() {
        String payload = jdbc.sql(
                        "SELECT event::text FROM outbox_event, jsonb_array_elements(payload) AS event WHERE event->>'request_id' = ?")
                .param(requestId)
                .query(String.class)
                .single();
        return json.readTree(payload);
    }
}
