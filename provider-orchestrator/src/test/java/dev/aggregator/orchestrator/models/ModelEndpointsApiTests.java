package dev.aggregator.orchestrator.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import dev.aggregator.orchestrator.health.ProviderHealthReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;

/** {@code GET /v1/models/{model}/endpoints}: the providers of a model, with the health the proxies publish in Redis. */
class ModelEndpointsApiTests extends OrchestratorApiTestSupport {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void listsTheEnabledProvidersOfAModelWhoseIdHasSlashesWithTheirHealth() {
        String fast = unique("fast");
        String quiet = unique("quiet");
        String off = unique("off");
        UUID fastId = createProvider(fast);
        String model = unique("vendor/family") + "/endpoints-like";
        putModel(
                model,
                offering(fastId, "1", "2"),
                offering(createProvider(quiet), "0.5", "0.5"),
                offering(createProvider(off, "openai", "k", false), "0", "0"));
        redis.opsForHash()
                .putAll(
                        ProviderHealthReader.summaryKey(fastId),
                        Map.of(
                                "status", "degraded",
                                "latency_p50_ms", "120",
                                "throughput_tokens_per_s", "55.5",
                                "updated_at", Long.toString(System.currentTimeMillis())));
        redis.expire(ProviderHealthReader.summaryKey(fastId), Duration.ofMinutes(1));

        var answer =
                call(HttpMethod.GET, "/v1/models/" + model + "/endpoints", apiKey(UUID.randomUUID(), "models"), null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.<List<String>>read("$.data[*].provider")).containsExactly(quiet, fast);
        Map<String, Object> first = answer.read("$.data[1]");
        assertThat(first)
                .containsEntry("status", "degraded")
                .containsEntry("latency_p50_ms", 120)
                .containsEntry("throughput_tokens_per_s", 55.5)
                .containsEntry("context_length", 128_000)
                .containsEntry("input_price_per_million", 1.0)
                .containsKey("provider_model");
        Map<String, Object> unknown = answer.read("$.data[0]");
        assertThat(unknown).containsEntry("status", "healthy").containsEntry("latency_p50_ms", null);
    }

    @Test
    void anUnknownModelIsOpenAisNotFound() {
        var answer =
                call(HttpMethod.GET, "/v1/models/no/such-model/endpoints", member(UUID.randomUUID(), "MEMBER"), null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.<String>read("$.error.code")).isEqualTo("model_not_found");
    }
}
