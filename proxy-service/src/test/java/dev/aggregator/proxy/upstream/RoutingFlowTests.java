package dev.aggregator.proxy.upstream;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.routing.RoutePlan;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Routing through the running proxy: {@code x-aggregator-attempts} on answers and errors, and a
 * plan sorted by latency served by the provider every instance measured fastest.
 */
@ProxyServiceTest
class RoutingFlowTests {

    private static final String PATH = "/v1/chat/completions";

    @Autowired
    ProxyClient proxy;

    @Autowired
    RoutePlans plans;

    @Autowired
    ProviderHealth health;

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "routing-" + UUID.randomUUID();

    private String chat() {
        return "{'model': '" + model + "', 'messages': [{'role': 'user', 'content': 'Route me'}]}";
    }

    @Test
    void theAttemptsHeaderCountsEveryUpstreamCall() {
        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                model,
                List.of(Candidates.mock("broken", "mock-gpt-fail-500"), Candidates.mock("working", "mock-gpt")));
        proxy.post(PATH, caller, chat())
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "working")
                .expectHeader()
                .valueEquals("x-aggregator-attempts", "2");
    }

    @Test
    void aStreamCarriesTheAttemptsHeaderToo() {
        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                model,
                List.of(Candidates.mock("broken", "mock-gpt-fail-503"), Candidates.mock("streaming", "mock-gpt")));
        proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'stream': true, 'messages': [{'role': 'user', 'content': 'Hi'}]}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "streaming")
                .expectHeader()
                .valueEquals("x-aggregator-attempts", "2");
    }

    @Test
    void aRejectedRequestSaysItMadeOneAttempt() {
        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                model,
                List.of(Candidates.mock("strict", "mock-gpt-fail-400"), Candidates.mock("other", "mock-gpt")));
        proxy.post(PATH, caller, chat())
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .valueEquals("x-aggregator-attempts", "1");
    }

    @Test
    void sortByLatencyPicksTheProviderMeasuredFastest() {
        var cheapButSlow = Candidates.mock("cheap-slow", "mock-gpt");
        var fast = Candidates.mock("fast", "mock-gpt");
        for (int i = 0; i < 5; i++) {
            health.succeeded(cheapButSlow.providerId(), 900_000_000L);
            health.succeeded(fast.providerId(), 40_000_000L);
        }
        health.flush();
        health.status(cheapButSlow.providerId());
        health.status(fast.providerId());
        health.refresh();
        await(() -> health.status(fast.providerId()).latencyP50Ms() != null);

        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                new RoutePlan(model, 8192, null, true, "latency", 0, List.of(cheapButSlow, fast)));
        proxy.post(PATH, caller, chat())
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "fast")
                .expectHeader()
                .valueEquals("x-aggregator-attempts", "1");

        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                new RoutePlan(model, 8192, null, true, "price", 0, List.of(cheapButSlow, fast)));
        proxy.post(PATH, caller, chat()).expectHeader().valueEquals("x-aggregator-provider", "cheap-slow");
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 5 s");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
