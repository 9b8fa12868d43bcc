package dev.aggregator.mockprovider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.mockprovider.MockProviderClient.Answer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatCompletionsTests {

    private static final String PATH = "/v1/chat/completions";

    /** 14 + 47 characters in two messages: ceil(61 / 4) + 2 × 3 = 22 prompt tokens. */
    private static final String MESSAGES = """
            [{"role": "system", "content": "You are terse."},
             {"role": "user", "content": "Hello there, how are you doing today my friend?"}]""";

    /** The first 40 characters of the user message, trimmed: 3 + 8 = 11 words. */
    private static final String EXPECTED_REPLY = "Mock reply to: Hello there, how are you doing today my";

    @LocalServerPort
    int port;

    MockProviderClient client;

    @BeforeEach
    void setUp() {
        client = new MockProviderClient(port);
    }

    @Test
    void answersInOpenAiShapeWithDeterministicContentAndUsage() {
        Answer answer = client.post(PATH, """
                {"model": "mock-gpt-4o", "messages": %s}""".formatted(MESSAGES));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = answer.body();
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asString()).isEqualTo("mock-gpt-4o");
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo(EXPECTED_REPLY);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(22);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(11);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(33);
    }

    @Test
    void acceptsContentAsAnArrayOfParts() {
        Answer answer = client.post(PATH, """
                {"model": "m", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "Describe"},
                  {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
                  {"type": "text", "text": "this cat"}]}]}""");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()
                        .path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("Mock reply to: Describe this cat");
        // "Describe this cat" is 17 characters: ceil(17 / 4) + 3 = 8.
        assertThat(answer.body().path("usage").path("prompt_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void maxTokensCutsTheReplyAndReportsLength() {
        Answer answer = client.post(PATH, """
                {"model": "m", "messages": %s, "max_tokens": 5}""".formatted(MESSAGES));

        JsonNode choice = answer.body().path("choices").path(0);
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Mock reply to: Hello there,");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("length");
        assertThat(answer.body().path("usage").path("completion_tokens").asInt())
                .isEqualTo(5);
    }

    @Test
    void maxCompletionTokensIsHonouredToo() {
        Answer answer = client.post(PATH, """
                {"model": "m", "messages": %s, "max_completion_tokens": 2}""".formatted(MESSAGES));

        assertThat(answer.body()
                        .path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("Mock reply");
        assertThat(answer.body().path("usage").path("completion_tokens").asInt())
                .isEqualTo(2);
    }

    @Test
    void completionTokensHeaderPadsTheReplyButNeverBeyondMaxTokens() {
        String body = """
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 30}""";

        Answer padded = client.post(PATH, body, "x-mock-completion-tokens", "20");
        Answer capped = client.post(PATH, body, "x-mock-completion-tokens", "50");

        assertThat(padded.body().path("usage").path("completion_tokens").asInt())
                .isEqualTo(20);
        assertThat(padded.body().path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("stop");
        assertThat(capped.body().path("usage").path("completion_tokens").asInt())
                .isEqualTo(30);
        assertThat(capped.body().path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("length");
    }

    @Test
    void streamSendsRoleThenWordsThenFinishThenUsageThenDone() {
        HttpResponse<Stream<String>> response = client.postStreaming(PATH, """
                {"model": "mock-gpt-4o", "messages": %s, "stream": true,
                 "stream_options": {"include_usage": true}}""".formatted(MESSAGES));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> events = dataEvents(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks =
                events.subList(0, events.size() - 1).stream().map(client::parse).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asString())
                    .isEqualTo(chunks.getFirst().path("id").asString());
            assertThat(chunk.path("model").asString()).isEqualTo("mock-gpt-4o");
        });

        JsonNode first = chunks.getFirst().path("choices").path(0);
        assertThat(first.path("delta").path("role").asString()).isEqualTo("assistant");
        // role chunk + 11 word chunks + finish chunk + usage chunk
        assertThat(chunks).hasSize(14);
        StringBuilder content = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, 12)) {
            content.append(
                    chunk.path("choices").path(0).path("delta").path("content").asString());
        }
        assertThat(content.toString()).isEqualTo(EXPECTED_REPLY);
        JsonNode finish = chunks.get(12).path("choices").path(0);
        assertThat(finish.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(finish.path("delta").isEmpty()).isTrue();
        JsonNode usageChunk = chunks.get(13);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(22);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(11);
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(33);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunkAndHonoursMaxTokens() {
        HttpResponse<Stream<String>> response = client.postStreaming(PATH, """
                {"model": "m", "messages": %s, "stream": true, "max_tokens": 3}""".formatted(MESSAGES));

        List<String> events = dataEvents(response.body());
        // role + 3 words + finish + [DONE]
        assertThat(events).hasSize(6);
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(events).noneMatch(event -> event.contains("\"usage\""));
        assertThat(client.parse(events.get(4))
                        .path("choices")
                        .path(0)
                        .path("finish_reason")
                        .asString())
                .isEqualTo("length");
    }

    @Test
    void streamDeliversEachChunkWhenItIsProducedNotAllAtTheEnd() {
        HttpResponse<Stream<String>> response = client.postStreaming(PATH, """
                {"model": "m", "messages": [{"role": "user", "content": "one two"}], "stream": true}""", "x-mock-chunk-delay-ms", "200");

        List<Long> arrivals = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> arrivals.add(System.nanoTime()));

        // 5 word chunks × 200 ms: a buffered answer would deliver the first chunk with the last.
        assertThat(arrivals).hasSize(8);
        long spreadMillis = (arrivals.getLast() - arrivals.getFirst()) / 1_000_000;
        assertThat(spreadMillis).isGreaterThanOrEqualTo(700);
    }

    @Test
    void modelNameEndingInChunkDelaySlowsTheStreamForCallersThatCannotSetHeaders() {
        HttpResponse<Stream<String>> response = client.postStreaming(PATH, """
                {"model": "mock-gpt-chunk-delay-200", "messages": [{"role": "user", "content": "one two"}],
                 "stream": true}""");

        List<Long> arrivals = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> arrivals.add(System.nanoTime()));

        assertThat(arrivals).hasSize(8);
        assertThat((arrivals.getLast() - arrivals.getFirst()) / 1_000_000).isGreaterThanOrEqualTo(700);
    }

    @Test
    void modelNameEndingInLatencyDelaysTheAnswerForCallersThatCannotSetHeaders() {
        long started = System.nanoTime();
        Answer answer = client.post(PATH, """
                {"model": "mock-gpt-latency-300", "messages": %s}""".formatted(MESSAGES));

        assertThat(answer.status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void streamAbortHeaderEndsTheStreamWithoutFinishOrDone() {
        HttpResponse<Stream<String>> response =
                client.postStreaming(PATH, """
                {"model": "m", "messages": %s, "stream": true}""".formatted(MESSAGES), "x-mock-stream-abort-after", "2");

        List<String> events = dataEvents(response.body());
        assertThat(events).hasSize(3); // role + 2 words
        assertThat(events).noneMatch(event -> event.equals("[DONE]") || event.contains("\"finish_reason\":\"stop\""));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 429})
    void modelNameEndingInFailStatusAlwaysFailsWithThatStatus(int status) {
        Answer answer = client.post(PATH, """
                {"model": "mock-gpt-fail-%d", "messages": %s}""".formatted(status, MESSAGES));

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.body().path("error").path("message").asString()).isNotBlank();
        assertThat(answer.body().path("error").has("param")).isTrue();
        assertThat(answer.body().path("error").has("code")).isTrue();
        if (status == 429) {
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.body().path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
        } else {
            assertThat(answer.body().path("error").path("type").asString()).isEqualTo("server_error");
        }
    }

    @Test
    void failStatusHeaderForcesThatStatusEvenForAStream() {
        Answer plain = client.post(PATH, """
                {"model": "m", "messages": %s}""".formatted(MESSAGES), "x-mock-fail-status", "502");
        HttpResponse<Stream<String>> streamed =
                client.postStreaming(PATH, """
                {"model": "m", "messages": %s, "stream": true}""".formatted(MESSAGES), "x-mock-fail-status", "503");

        assertThat(plain.status()).isEqualTo(502);
        assertThat(plain.body().path("error").path("type").asString()).isEqualTo("server_error");
        // Failing before the first byte: a JSON error, not an event stream.
        assertThat(streamed.statusCode()).isEqualTo(503);
        assertThat(streamed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        String body = String.join("", streamed.body().toList());
        assertThat(client.parse(body).path("error").path("type").asString()).isEqualTo("server_error");
    }

    @Test
    void modelNameFailureWinsOverTheHeader() {
        Answer answer = client.post(PATH, """
                {"model": "m-fail-429", "messages": %s}""".formatted(MESSAGES), "x-mock-fail-status", "500");

        assertThat(answer.status()).isEqualTo(429);
    }

    @Test
    void latencyHeaderDelaysTheAnswer() {
        long started = System.nanoTime();
        Answer answer = client.post(PATH, """
                {"model": "m", "messages": %s}""".formatted(MESSAGES), "x-mock-latency-ms", "300");

        assertThat(answer.status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"model\": \"m\"}",
                "{\"model\": \"m\", \"messages\": []}",
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": 42}]}",
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 0}",
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": \"ten\"}"
            })
    void invalidBodiesAreA400InvalidRequestError(String body) {
        Answer answer = client.post(PATH, body);

        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.body().path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).isNotBlank();
    }

    @Test
    void missingFieldsAreNamedInParam() {
        assertThat(client.post(PATH, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                        .body()
                        .path("error")
                        .path("param")
                        .asString())
                .isEqualTo("model");
        assertThat(client.post(PATH, "{\"model\": \"m\"}")
                        .body()
                        .path("error")
                        .path("param")
                        .asString())
                .isEqualTo("messages");
    }

    @Test
    void malformedMockHeaderIsA400() {
        Answer answer = client.post(PATH, """
                {"model": "m", "messages": %s}""".formatted(MESSAGES), "x-mock-fail-status", "200");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").path("param").asString()).isEqualTo("x-mock-fail-status");
    }

    @Test
    void unknownPathIsA404InOpenAiShape() {
        Answer answer = client.get("/v1/nothing-here");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("error").path("message").asString())
                .isEqualTo("Invalid URL (GET /v1/nothing-here)");
    }

    private static List<String> dataEvents(Stream<String> lines) {
        return lines.filter(line -> line.startsWith("data: "))
                .map(line -> line.substring("data: ".length()))
                .toList();
    }
}
