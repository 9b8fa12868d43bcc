package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.health.ProviderStatus;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two proxy instances (two {@link ProviderHealth} views and routers) sharing provider health in
 * the real Redis, calling the real mock-provider: a provider that keeps failing is marked down
 * for both, skipped without an attempt, probed once after its cool-down and back when the probe
 * succeeds; a company's own 400s never mark it down.
 */
class SharedHealthRoutingTests {

    private static final ObjectNode CHAT =
            Json.object("{'model': 'm', 'messages': [{'role': 'user', 'content': 'Health please'}]}");

    private final ProviderHealth firstHealth = Upstreams.health();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProviderHealth secondHealth = new ProviderHealth(Upstreams.redis(), Upstreams.HEALTH, meters);
    private final CandidateRouter first = Upstreams.router(CircuitBreakerRegistry.ofDefaults(), firstHealth);
    private final CandidateRouter second = Upstreams.router(CircuitBreakerRegistry.ofDefaults(), secondHealth);
    private final OpenAiWireAdapter adapter = Upstreams.openAiWire();
    private final List<String> called = new ArrayList<>();

    @AfterEach
    void stop() {
        firstHealth.stop();
        secondHealth.stop();
    }

    private ObjectNode complete(Candidate candidate) {
        called.add(candidate.providerName() + ":" + candidate.providerModel());
        return adapter.complete(candidate, CHAT, 64);
    }

    @Test
    void aFailingProviderIsMarkedDownForEveryInstanceAndBackAfterASuccessfulProbe() throws Exception {
        var failing = Candidates.mock("flaky", "mock-gpt-fail-500");
        var backup = Candidates.mock("backup", "mock-gpt");

        for (int i = 0; i < 3; i++) first.call("fail-" + i, List.of(failing, backup), this::complete);
        assertThat(called).filteredOn(call -> call.startsWith("flaky")).hasSize(3);
        firstHealth.flush();
        secondHealth.status(failing.providerId()); // the second instance follows the provider
        secondHealth.refresh();

        called.clear();
        var served = second.call("skip", List.of(failing, backup), this::complete);
        assertThat(served.candidate().providerName()).isEqualTo("backup");
        assertThat(called).containsExactly("backup:mock-gpt");
        assertThat(secondHealth.label(secondHealth.status(failing.providerId())))
                .isEqualTo("down");

        // after the cool-down one probe goes through; the provider has recovered
        Thread.sleep(Upstreams.HEALTH.coolDown().toMillis() + 100);
        secondHealth.refresh();
        var recovered = sameProvider(failing, "mock-gpt");
        called.clear();
        assertThat(second.call("probe", List.of(recovered, backup), this::complete)
                        .candidate()
                        .providerName())
                .isEqualTo("flaky");
        secondHealth.flush();
        firstHealth.refresh();
        assertThat(firstHealth.status(failing.providerId()).down()).isFalse();
        called.clear();
        first.call("back", List.of(recovered, backup), this::complete);
        assertThat(called).containsExactly("flaky:mock-gpt");
    }

    @Test
    void everyCandidateDownIsA503WithoutAnAttempt() {
        var failing = Candidates.mock("lonely", "mock-gpt-fail-502");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> first.call("fail", List.of(failing), this::complete))
                    .isInstanceOf(ProvidersExhausted.class);
        }
        firstHealth.flush();
        firstHealth.refresh();
        called.clear();
        assertThatThrownBy(() -> first.call("skipped", List.of(failing), this::complete))
                .isInstanceOfSatisfying(
                        ProvidersExhausted.class,
                        e -> assertThat(e.toOpenAi("m").status().value()).isEqualTo(503));
        assertThat(called).isEmpty();
    }

    @Test
    void aCompanysOwnBadRequestsNeverMarkTheProviderDownNorOpenItsBreaker() {
        var breakers = CircuitBreakerRegistry.ofDefaults();
        var router = Upstreams.router(breakers, firstHealth);
        var rejecting = Candidates.mock("strict", "mock-gpt-fail-400");
        for (int i = 0; i < 25; i++) {
            assertThatThrownBy(() -> router.call("bad", List.of(rejecting), this::complete))
                    .isInstanceOf(RequestRejected.class);
        }
        firstHealth.flush();
        firstHealth.refresh();
        assertThat(firstHealth.status(rejecting.providerId()).down()).isFalse();
        assertThat(firstHealth.verdict(rejecting.providerId())).isEqualTo(ProviderHealth.Verdict.CALL);
        assertThat(breakers.circuitBreaker(rejecting.providerId().toString()).getState())
                .isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(called).hasSize(25);
    }

    @Test
    void latencyIsMeasuredAndSharedAsFigures() throws Exception {
        var slow = Candidates.mock("slow", "mock-gpt-latency-120");
        for (int i = 0; i < 4; i++) first.call("slow-" + i, List.of(slow), this::complete);
        firstHealth.flush();
        Thread.sleep(Upstreams.HEALTH.figuresInterval().toMillis() + 50);
        secondHealth.status(slow.providerId());
        secondHealth.refresh();
        var status = secondHealth.status(slow.providerId());
        assertThat(status.latencyP50Ms()).isBetween(100L, 200L);
        assertThat(status.throughputTokensPerS()).isPositive();
        assertThat(secondHealth.label(status)).isEqualTo("healthy");
    }

    @Test
    void withTrackingSwitchedOffFailuresAreNeitherTalliedNorSharedAndEveryProviderIsCalled() {
        var untracked = Upstreams.health();
        untracked.track(false);
        try {
            var router = Upstreams.router(CircuitBreakerRegistry.ofDefaults(), untracked);
            var failing = Candidates.mock("untracked", "mock-gpt-fail-500");
            var backup = Candidates.mock("backup", "mock-gpt");
            for (int i = 0; i < 4; i++) router.call("off-" + i, List.of(failing, backup), this::complete);
            untracked.flush();
            untracked.refresh();

            assertThat(untracked.verdict(failing.providerId())).isEqualTo(ProviderHealth.Verdict.CALL);
            assertThat(untracked.status(failing.providerId())).isEqualTo(ProviderStatus.UNKNOWN);
            assertThat(Upstreams.redis().keys("aggregator:health:" + failing.providerId() + ":*"))
                    .isEmpty();
            assertThat(called).filteredOn(call -> call.startsWith("untracked")).hasSize(4);
        } finally {
            untracked.stop();
        }
    }

    private static Candidate sameProvider(Candidate candidate, String providerModel) {
        return new Candidate(
                candidate.providerId(),
                candidate.providerName(),
                candidate.providerType(),
                candidate.baseUrl(),
                candidate.apiKey(),
                providerModel,
                candidate.inputPricePerMillion(),
                candidate.outputPricePerMillion());
    }
}
