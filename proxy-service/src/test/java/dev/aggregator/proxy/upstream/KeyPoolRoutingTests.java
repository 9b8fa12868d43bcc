package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.PoolKey;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.MockProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider's key pool against the real mock-provider, which accepts variants of its key and
 * counts them ({@code GET /mock/keys}): requests spread by weight, a key answered 429 rests while
 * the other carries the load, and a short {@code Retry-After} is waited out once on the same
 * provider before falling back.
 */
class KeyPoolRoutingTests {

    private static final ObjectNode CHAT =
            Json.object("{'model': 'm', 'messages': [{'role': 'user', 'content': 'Keys please'}]}");

    private final ProviderHealth health = Upstreams.health();
    private final CandidateRouter router = Upstreams.router(CircuitBreakerRegistry.ofDefaults(), health);
    private final OpenAiWireAdapter adapter = Upstreams.openAiWire();
    private final List<String> called = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() {
        health.stop();
    }

    private ObjectNode complete(Candidate candidate) {
        called.add(candidate.providerName());
        return adapter.complete(candidate, CHAT, 16);
    }

    @Test
    void requestsSpreadOverThePoolInProportionToWeights() throws Exception {
        var pooled = pool("pooled", "mock-gpt", key("heavy", 3), key("light", 1));
        for (int i = 0; i < 400; i++) router.call("spread-" + i, List.of(pooled), this::complete);
        var counts = keyCounts();
        long heavy = counts.getOrDefault(run + "-heavy", 0L);
        long light = counts.getOrDefault(run + "-light", 0L);
        assertThat(heavy + light).isEqualTo(400);
        assertThat(heavy / 400.0).isCloseTo(0.75, within(0.08));
    }

    @Test
    void aRateLimitedKeyRestsWhileTheOtherCarriesTheLoad() throws Exception {
        var pooled = pool("limited", "mock-gpt", key("busy-status-429", 1), key("spare", 1));
        for (int i = 0; i < 20; i++) {
            assertThat(router.call("rest-" + i, List.of(pooled), this::complete)
                            .candidate()
                            .providerName())
                    .isEqualTo("limited");
        }
        var counts = keyCounts();
        // the limited key was drawn at most once, then rested for its Retry-After (1 s)
        assertThat(counts.getOrDefault(run + "-busy-status-429", 0L)).isLessThanOrEqualTo(1);
        assertThat(counts.get(run + "-spare")).isEqualTo(20);
    }

    @Test
    void aKeyRestedByOneInstanceRestsForTheOthers() {
        var limited = key("shared-status-429", 1);
        var spare = key("shared-spare", 1);
        var pooled = pool("shared", "mock-gpt", limited, spare);
        var otherHealth = Upstreams.health();
        try {
            health.restKey(limited.id(), java.time.Duration.ofSeconds(30));
            health.flush();
            otherHealth.keyRestedUntil(limited.id()); // the other instance follows the key
            otherHealth.refresh();
            var other = new KeyPool(otherHealth);
            for (int i = 0; i < 20; i++) assertThat(other.pick(pooled, null)).isEqualTo(spare);
        } finally {
            otherHealth.stop();
        }
    }

    @Test
    void aShortRetryAfterIsWaitedOutOnceOnTheSameProviderBeforeFallingBack() {
        var limited = pool("only-limited", "mock-gpt", key("solo-status-429", 1));
        var backup = Candidates.mock("backup", "mock-gpt");
        long started = System.nanoTime();
        var served = router.call("retry", List.of(limited, backup), this::complete);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(served.candidate().providerName()).isEqualTo("backup");
        assertThat(called).containsExactly("only-limited", "only-limited", "backup");
        assertThat(millis).isGreaterThanOrEqualTo(1000);
    }

    private PoolKey key(String label, int weight) {
        return new PoolKey(UUID.randomUUID(), MockProvider.API_KEY + "-" + run + "-" + label, weight);
    }

    private static Candidate pool(String name, String providerModel, PoolKey... keys) {
        var base = Candidates.mock(name, providerModel);
        return new Candidate(
                base.providerId(),
                name,
                base.providerType(),
                base.baseUrl(),
                keys[0].apiKey(),
                List.of(keys),
                providerModel,
                base.inputPricePerMillion(),
                base.outputPricePerMillion());
    }

    private static Map<String, Long> keyCounts() throws Exception {
        String base = MockProvider.shared().openAiBaseUrl().replaceFirst("/v1$", "");
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/mock/keys")).build(),
                        HttpResponse.BodyHandlers.ofString());
        var counts = new java.util.HashMap<String, Long>();
        Json.MAPPER
                .readTree(response.body())
                .properties()
                .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }
}
