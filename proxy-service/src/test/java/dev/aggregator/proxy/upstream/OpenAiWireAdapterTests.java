package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI-wire adapter against the real mock-provider, over HTTP. */
class OpenAiWireAdapterTests {

    private final OpenAiWireAdapter adapter = Upstreams.openAiWire();
    private final Candidate mock = Candidates.mock("mock", "mock-gpt");

    private static ObjectNode chat(String extra) {
        return Json.object("{'model': 'client-model', 'messages': [{'role': 'user', 'content': 'Say hello'}], "
                + "'provider': {'order': ['mock']}" + extra + "}");
    }

    @Test
    void completesWithTheProvidersModelAndReportsUsage() {
        var request = chat(", 'temperature': 0.2");
        ObjectNode answer = adapter.complete(mock, request, 4096);
        assertThat(answer.path("object").asString()).isEqualTo("chat.completion");
        assertThat(answer.path("model").asString()).isEqualTo("mock-gpt");
        assertThat(answer.at("/choices/0/message/content").asString()).startsWith("Mock reply to: Say hello");
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isPositive();
        assertThat(answer.at("/usage/completion_tokens").asLong()).isPositive();
        // the client's body is the client's: nothing was changed in it
        assertThat(request.path("model").asString()).isEqualTo("client-model");
        assertThat(request.has("provider")).isTrue();
    }

    @Test
    void streamsChunksAndAlwaysAsksForTheUsageChunk() throws IOException {
        List<ObjectNode> chunks = new ArrayList<>();
        try (ChunkStream stream = adapter.stream(mock, chat(", 'stream': true"), 4096)) {
            ObjectNode chunk;
            while ((chunk = stream.next()) != null) chunks.add(chunk);
        }
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asString("")));
        assertThat(text.toString()).startsWith("Mock reply to: Say hello");
        ObjectNode usage = chunks.getLast();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asLong()).isPositive();
    }

    @Test
    void embeds() {
        var request = Json.object("{'model': 'client-embed', 'input': ['one', 'two words']}");
        ObjectNode answer = adapter.embed(Candidates.mock("mock", "mock-embed"), request);
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isPositive();
        // floats pass through exactly as the provider wrote them
        assertThat(answer.at("/data/0/embedding/0").isBigDecimal()).isTrue();
    }

    @Test
    void aProviderFailureIsClassifiedAsTheProvidersFault() {
        assertThatThrownBy(() -> adapter.complete(Candidates.mock("mock", "mock-gpt-fail-503"), chat(""), 4096))
                .isInstanceOfSatisfying(UpstreamFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.OVERLOADED);
                    assertThat(e.status()).isEqualTo(503);
                });
        assertThatThrownBy(
                        () -> adapter.stream(Candidates.mock("mock", "mock-gpt-fail-500"), chat(", 'stream': true"), 1))
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.SERVER_ERROR));
    }

    @Test
    void anInvalidRequestIsRejectedWithTheProvidersMessage() {
        assertThatThrownBy(() -> adapter.complete(mock, chat(", 'stream_options': 'lots'"), 4096))
                .isInstanceOfSatisfying(UpstreamFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.REJECTED);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.upstreamMessage()).contains("stream_options");
                });
    }

    @Test
    void theProviderGeneratesNoMoreThanTheReservedLimitWhenTheClientSetNone() {
        ObjectNode answer = adapter.complete(mock, chat(""), 2);
        assertThat(answer.at("/usage/completion_tokens").asLong()).isBetween(1L, 2L);
    }

    @Test
    void withoutAClientLimitTheReservedOneIsSentAsMaxTokensAndToOpenAiAsMaxCompletionTokens() {
        ObjectNode compatible = OpenAiWireAdapter.chat(mock, chat(""), 4096);
        assertThat(compatible.path("max_tokens").asLong()).isEqualTo(4096);
        assertThat(compatible.has("max_completion_tokens")).isFalse();

        ObjectNode openAi = OpenAiWireAdapter.chat(Candidates.priced("1", "1"), chat(""), 4096);
        assertThat(openAi.path("max_completion_tokens").asLong()).isEqualTo(4096);
        assertThat(openAi.has("max_tokens")).isFalse();
    }

    @Test
    void theClientsOwnLimitFieldCarriesTheReservedLimit() {
        ObjectNode onlyMaxTokens = OpenAiWireAdapter.chat(mock, chat(", 'max_tokens': 300"), 300);
        assertThat(onlyMaxTokens.path("max_tokens").asLong()).isEqualTo(300);
        assertThat(onlyMaxTokens.has("max_completion_tokens")).isFalse();

        ObjectNode onlyMaxCompletionTokens = OpenAiWireAdapter.chat(
                Candidates.priced("1", "1"), chat(", 'max_completion_tokens': 300, 'max_tokens': null"), 300);
        assertThat(onlyMaxCompletionTokens.path("max_completion_tokens").asLong())
                .isEqualTo(300);
        assertThat(onlyMaxCompletionTokens.has("max_tokens")).isFalse();
    }

    @Test
    void whenBothLimitsAreSentBothCarryTheReservedOneAndNeverTheLarger() {
        var request = chat(", 'max_completion_tokens': 1, 'max_tokens': 100000");
        ObjectNode body = OpenAiWireAdapter.chat(mock, request, 1);
        assertThat(body.path("max_completion_tokens").asLong()).isEqualTo(1);
        assertThat(body.path("max_tokens").asLong()).isEqualTo(1);
        // the client's body is the client's: nothing was changed in it
        assertThat(request.path("max_tokens").asLong()).isEqualTo(100000);
        assertThat(body.path("model").asString()).isEqualTo("mock-gpt");
        assertThat(body.has("provider")).isFalse();
    }

    @Test
    void sendsTheProvidersKey() {
        var wrongKey = new Candidate(
                mock.providerId(),
                mock.providerName(),
                mock.providerType(),
                mock.baseUrl(),
                "sk-wrong",
                mock.providerModel(),
                BigDecimal.ONE,
                BigDecimal.ONE);
        assertThatThrownBy(() -> adapter.complete(wrongKey, chat(""), 4096))
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.MISCONFIGURED));
    }

    @Test
    void anUnreachableProviderIsAConnectFailure() {
        var nowhere = new Candidate(
                mock.providerId(),
                "nowhere",
                "openai",
                "http://127.0.0.1:1/v1",
                null,
                "m",
                BigDecimal.ONE,
                BigDecimal.ONE);
        assertThatThrownBy(() -> adapter.complete(nowhere, chat(""), 4096))
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.CONNECT));
    }
}
