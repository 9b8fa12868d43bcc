package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Fallback across candidates, driven against the real mock-provider over HTTP. */
class CandidateRouterTests {

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(2)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(10))
            .build());
    private final CandidateRouter router = Upstreams.router(breakers, Upstreams.health());
    private final OpenAiWireAdapter adapter = Upstreams.openAiWire();
    private final List<String> called = new ArrayList<>();

    private static final ObjectNode CHAT =
            Json.object("{'model': 'm', 'messages': [{'role': 'user', 'content': 'Fallback please'}]}");

    private ObjectNode complete(Candidate candidate) {
        called.add(candidate.providerName());
        return adapter.complete(candidate, CHAT, 4096);
    }

    @Test
    void aFailingProviderFallsBackToTheNextCandidate() {
        var failing = Candidates.mock("failing", "mock-gpt-fail-503");
        var healthy = Candidates.mock("healthy", "mock-gpt");
        Served<ObjectNode> served = router.call("req-1", List.of(failing, healthy), this::complete);
        assertThat(served.candidate()).isEqualTo(healthy);
        assertThat(served.answer().at("/choices/0/message/content").asString()).contains("Fallback please");
        assertThat(called).containsExactly("failing", "healthy");
    }

    @Test
    void aStreamFallsBackBeforeItsFirstChunk() throws IOException {
        var failing = Candidates.mock("failing", "mock-gpt-fail-500");
        var healthy = Candidates.mock("healthy", "mock-gpt");
        var streamed = Json.object("{'model': 'm', 'stream': true, 'messages': [{'role': 'user', 'content': 'Hi'}]}");
        Served<ChunkStream> served =
                router.call("req-2", List.of(failing, healthy), candidate -> adapter.stream(candidate, streamed, 64));
        try (ChunkStream stream = served.answer()) {
            assertThat(served.candidate()).isEqualTo(healthy);
            assertThat(stream.next().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        }
    }

    @Test
    void aRequestTheProviderRejectsIsNotRetried() {
        var rejecting = Candidates.mock("rejecting", "mock-gpt-fail-400");
        var healthy = Candidates.mock("healthy", "mock-gpt");
        assertThatThrownBy(() -> router.call("req-3", List.of(rejecting, healthy), this::complete))
                .isInstanceOfSatisfying(RequestRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.candidate()).isEqualTo(rejecting);
                });
        assertThat(called).containsExactly("rejecting");
        // the client's own error: the breaker counts nothing either way
        assertThat(breakerOf(rejecting).getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breakerOf(rejecting).getMetrics().getNumberOfSuccessfulCalls())
                .isZero();
    }

    @Test
    void whenEveryCandidateFailsTheLastFailureDecides() {
        var rateLimited = Candidates.mock("rate-limited", "mock-gpt-fail-500");
        var overloaded = Candidates.mock("overloaded", "mock-gpt-fail-429");
        assertThatThrownBy(() -> router.call("req-4", List.of(rateLimited, overloaded), this::complete))
                .isInstanceOfSatisfying(ProvidersExhausted.class, e -> {
                    assertThat(e.lastTried()).isEqualTo(overloaded);
                    assertThat(e.toOpenAi("m").status().value()).isEqualTo(503);
                });
        // the 429 came with Retry-After: 1, short enough to be retried once on the same provider
        assertThat(called).containsExactly("rate-limited", "overloaded", "overloaded");
    }

    @Test
    void anOpenBreakerSkipsItsProviderUnlessItIsTheLastCandidate() {
        var flaky = Candidates.mock("flaky", "mock-gpt-fail-502");
        var healthy = Candidates.mock("healthy", "mock-gpt");
        for (int i = 0; i < 2; i++) {
            router.call("warm-" + i, List.of(flaky, healthy), this::complete);
        }
        assertThat(breakerOf(flaky).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        called.clear();

        router.call("req-5", List.of(flaky, healthy), this::complete);
        assertThat(called).containsExactly("healthy");

        called.clear();
        assertThatThrownBy(() -> router.call("req-6", List.of(flaky), this::complete))
                .isInstanceOf(ProvidersExhausted.class);
        assertThat(called).containsExactly("flaky");
    }

    @Test
    void aBodyThatBreaksOffAfterA2xxEndsTheRequestWithoutFallback() throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            // 2xx headers promising a body that never comes whole: the provider took the request
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"id\": \"chatcmpl".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close(); // short of the promised length: the connection is dropped
        });
        server.start();
        try {
            var broken = new Candidate(
                    UUID.randomUUID(),
                    "broken",
                    "openai_compatible",
                    "http://127.0.0.1:%d/v1".formatted(server.getAddress().getPort()),
                    null,
                    "m",
                    BigDecimal.ONE,
                    BigDecimal.ONE);
            var healthy = Candidates.mock("healthy", "mock-gpt");
            assertThatThrownBy(() -> router.call("req-7", List.of(broken, healthy), this::complete))
                    .isInstanceOfSatisfying(ProvidersExhausted.class, e -> {
                        assertThat(e.lastTried()).isEqualTo(broken);
                        assertThat(e.toOpenAi("m").status().value()).isEqualTo(502);
                    });
            assertThat(called).containsExactly("broken");
            assertThat(breakerOf(broken).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBodyTimeoutAfterA2xxIsAnsweredAsATimeoutWithoutFallback() {
        var slow = Candidates.mock("slow", "mock-gpt");
        var healthy = Candidates.mock("healthy", "mock-gpt");
        assertThatThrownBy(() -> router.call("req-8", List.of(slow, healthy), candidate -> {
                    called.add(candidate.providerName());
                    throw UpstreamFailure.bodyTimeout();
                }))
                .isInstanceOfSatisfying(
                        ProvidersExhausted.class,
                        e -> assertThat(e.toOpenAi("m").status().value()).isEqualTo(504));
        assertThat(called).containsExactly("slow");
    }

    private CircuitBreaker breakerOf(Candidate candidate) {
        return breakers.circuitBreaker(candidate.providerId().toString());
    }
}
