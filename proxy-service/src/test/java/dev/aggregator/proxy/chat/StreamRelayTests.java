package dev.aggregator.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.upstream.ChunkStream;
import dev.aggregator.proxy.upstream.StreamChunk;
import dev.aggregator.proxy.usage.GeneratedTokens;
import dev.aggregator.proxy.usage.TokenUsage;
import dev.aggregator.proxy.usage.UsageCost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StreamRelayTests {

    private static final String ROLE = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', "
            + "'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': ''}, 'finish_reason': null}]}";
    private static final String HELLO = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', "
            + "'choices': [{'index': 0, 'delta': {'content': 'Hello'}, 'finish_reason': null}], 'usage': null}";
    private static final String WORLD = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', "
            + "'choices': [{'index': 0, 'delta': {'content': ' world!'}, 'finish_reason': null}]}";
    private static final String FINISH = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', "
            + "'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'stop'}]}";
    private static final String USAGE = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', "
            + "'choices': [], 'usage': {'prompt_tokens': 1000, 'completion_tokens': 333, 'total_tokens': 1333}}";

    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.15");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("0.6");

    @Test
    void forwardsTheUsageChunkWithItsCostWhenTheClientAskedForIt() {
        var out = new ByteArrayOutputStream();
        var outcome = relay(true, stream(ROLE, HELLO, WORLD, FINISH, USAGE), out);

        List<String> events = events(out);
        assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
        JsonNode usageChunk = Json.MAPPER.readTree(events.get(4));
        assertThat(usageChunk.path("choices")).isEmpty();
        // 1000 × 0.15 + 333 × 0.6 = 349.8 per million
        assertThat(usageChunk.at("/usage/cost").decimalValue()).isEqualTo(new BigDecimal("0.00034980"));
        assertThat(events.get(4)).contains("\"cost\":0.00034980");
        assertThat(outcome.end()).isEqualTo(StreamRelay.End.COMPLETED);
        assertThat(outcome.reported()).isEqualTo(new TokenUsage(1000, 333));
    }

    @Test
    void dropsTheUsageChunkTheClientDidNotAskForButStillBillsFromIt() {
        var out = new ByteArrayOutputStream();
        var outcome = relay(false, stream(ROLE, HELLO, WORLD, FINISH, USAGE), out);

        List<String> events = events(out);
        assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
        assertThat(events).noneMatch(event -> event.contains("usage"));
        assertThat(outcome.reported()).isEqualTo(new TokenUsage(1000, 333));
        assertThat(outcome.end()).isEqualTo(StreamRelay.End.COMPLETED);
    }

    @Test
    void renamesTheModelToTheOneTheClientAskedFor() {
        var out = new ByteArrayOutputStream();
        relay(true, stream(ROLE, HELLO, FINISH, USAGE), out);
        events(out).stream()
                .filter(event -> !event.equals("[DONE]"))
                .forEach(event -> assertThat(
                                Json.MAPPER.readTree(event).path("model").asString())
                        .isEqualTo("client-model"));
    }

    @Test
    void countsGeneratedCharactersAndTimesTheFirstContent() {
        long before = System.nanoTime();
        var outcome = relay(false, stream(ROLE, HELLO, WORLD, FINISH), new ByteArrayOutputStream());
        assertThat(outcome.characters()).isEqualTo("Hello world!".length());
        assertThat(outcome.firstContentNanos()).isNotNull().isGreaterThanOrEqualTo(before);
        assertThat(outcome.reported()).isNull();
        assertThat(outcome.end()).isEqualTo(StreamRelay.End.COMPLETED);
    }

    @Test
    void aStreamThatBreaksEndsWithAnErrorEventAndNoDone() {
        var out = new ByteArrayOutputStream();
        var broken = new FakeStream(List.of(text(ROLE), text(HELLO)), new IOException("connection reset"));
        var outcome = relay(true, broken, out);

        List<String> events = events(out);
        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        assertThat(Json.MAPPER.readTree(events.get(2)).at("/error/code").asString())
                .isEqualTo("upstream_error");
        assertThat(outcome.end()).isEqualTo(StreamRelay.End.UPSTREAM_FAILED);
        assertThat(outcome.characters()).isEqualTo(5);
    }

    @Test
    void aStreamThatEndsWithoutFinishingCountsAsBroken() {
        var out = new ByteArrayOutputStream();
        var outcome = relay(true, stream(ROLE, HELLO), out);
        assertThat(events(out)).doesNotContain("[DONE]");
        assertThat(outcome.end()).isEqualTo(StreamRelay.End.UPSTREAM_FAILED);
    }

    @Test
    void aClientThatGoesAwayStopsTheRelay() {
        var upstream = stream(ROLE, HELLO, WORLD, FINISH, USAGE);
        var outcome = relay(true, upstream, new ClosedAfter(2));
        assertThat(outcome.end()).isEqualTo(StreamRelay.End.CLIENT_GONE);
        assertThat(upstream.remaining()).isEqualTo(2);
    }

    @Test
    void theTerminalEventIsWrittenOnlyByFinishAfterTheUsageIsKnown() {
        var out = new ByteArrayOutputStream();
        var relay = relayer(false, out);
        var outcome = relay.relay(stream(ROLE, HELLO, FINISH));
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("[DONE]");
        relay.finish(outcome.end(), new TokenUsage(0, 0), BigDecimal.ZERO);
        assertThat(events(out)).last().isEqualTo("[DONE]");
    }

    @Test
    void checkpointsCarryTheCumulativeUsageSoFar() {
        var soFar = new java.util.ArrayList<StreamRelay.Outcome>();
        var everyChunk = new StreamRelay.Checkpoints() {
            @Override
            public java.time.Duration interval() {
                return java.time.Duration.ZERO;
            }

            @Override
            public void record(StreamRelay.Outcome outcome) {
                soFar.add(outcome);
            }
        };
        var relay = StreamRelay.chat(
                Json.MAPPER,
                "client-model",
                false,
                tokens -> BigDecimal.ZERO,
                new ByteArrayOutputStream(),
                "gpt-4o-mini",
                everyChunk);
        relay.relay(stream(ROLE, HELLO, WORLD, FINISH));

        assertThat(soFar).extracting(StreamRelay.Outcome::characters).containsExactly(0L, 5L, 12L, 12L);
        assertThat(soFar.getLast().tokens(100)).isEqualTo(new TokenUsage(100, 3));
    }

    @Test
    void aStreamCutOffBeforeItsUsageIsBilledTheTokenizersCountOfWhatWasRelayed() {
        String cjk = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', "
                + "'choices': [{'index': 0, 'delta': {'content': '你好，世界！今天天气很好。'}, 'finish_reason': null}]}";
        var broken = new FakeStream(List.of(text(ROLE), text(cjk)), new IOException("connection reset"));

        var outcome = relay(true, broken, new ByteArrayOutputStream());

        assertThat(outcome.end()).isEqualTo(StreamRelay.End.UPSTREAM_FAILED);
        assertThat(outcome.reported()).isNull();
        // o200k_base: 9 tokens; characters / 4 would have billed 4.
        assertThat(outcome.tokens(100)).isEqualTo(new TokenUsage(100, 9));
    }

    @Test
    void streamedToolCallArgumentsCountWhenTheUsageIsMissing() {
        String call =
                "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'provider-model', 'choices': [{'index': 0, "
                        + "'delta': {'tool_calls': [{'index': 0, 'id': 'call_1', 'type': 'function', "
                        + "'function': {'name': 'get_weather', 'arguments': '{\\'city\\': \\'東京\\'}'}}]}, "
                        + "'finish_reason': null}]}";
        var broken = new FakeStream(List.of(text(ROLE), text(call)), new IOException("connection reset"));

        var outcome = relay(false, broken, new ByteArrayOutputStream());

        assertThat(outcome.tokens(0).completionTokens())
                .isEqualTo(GeneratedTokens.count("gpt-4o-mini", "get_weather{\"city\": \"東京\"}"))
                .isGreaterThan(0);
    }

    @Test
    void aReadFailingBecauseTheClientHungUpIsClientGoneNotABrokenUpstream() {
        var interruptedRead = new ChunkStream() {
            @Override
            public StreamChunk nextChunk() throws IOException {
                Thread.currentThread().interrupt(); // what the container does on a hang-up
                throw new IOException("interrupted");
            }

            @Override
            public void close() {}
        };
        try {
            var outcome = relayer(false, new ByteArrayOutputStream()).relay(interruptedRead);
            assertThat(outcome.end()).isEqualTo(StreamRelay.End.CLIENT_GONE);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void chunksWithoutUsagePassThroughAsTheProviderWroteThemWithOnlyTheModelRenamed() {
        // OpenAI's own shape: every chunk carries "usage":null once usage was asked for; the
        // fields the proxy never reads (fingerprint, logprobs, escaped text) keep their bytes.
        String role = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"provider-model\","
                + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
        String quoted =
                "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"provider-model\","
                        + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                        + "\"say \\\"usage\\\": {} \\u00e9\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
        String more = quoted.replace("say", "then");
        var kept = new ByteArrayOutputStream();
        relay(true, new FakeStream(List.of(role, quoted, more, text(FINISH), text(USAGE)), null), kept);
        var dropped = new ByteArrayOutputStream();
        relay(false, new FakeStream(List.of(role, quoted, more, text(FINISH), text(USAGE)), null), dropped);

        String renamed = more.replace("\"model\":\"provider-model\"", "\"model\":\"client-model\"");
        assertThat(events(kept).get(2)).isEqualTo(renamed);
        assertThat(events(dropped).get(2)).isEqualTo(renamed.replace(",\"usage\":null", ""));
        assertThat(Json.MAPPER
                        .readTree(events(dropped).get(2))
                        .at("/choices/0/delta/content")
                        .asString())
                .isEqualTo("then \"usage\": {} é");
    }

    @Test
    void usageOnAContentChunkIsKeptWithCostOrRemoved() {
        String both = "{'model': 'x', 'choices': [{'index': 0, 'delta': {'content': 'Hi'}, 'finish_reason': 'stop'}], "
                + "'usage': {'prompt_tokens': 10, 'completion_tokens': 1}}";
        var relayWithUsage = format(true);
        var relayWithout = format(false);
        var usage = new TokenUsage(10, 1);
        assertThat(Json.MAPPER
                        .readTree(relayWithUsage.forClient(chunk(both), usage))
                        .at("/usage/cost")
                        .decimalValue())
                .isEqualTo(UsageCost.of(10, 1, INPUT_PRICE, OUTPUT_PRICE));
        var withoutUsage = Json.MAPPER.readTree(relayWithout.forClient(chunk(both), usage));
        assertThat(withoutUsage.has("usage")).isFalse();
        assertThat(withoutUsage.at("/choices/0/delta/content").asString()).isEqualTo("Hi");
    }

    /** As ChatCompletions does it: relay, (journal the usage,) then the terminal event. */
    private static StreamRelay.Outcome relay(boolean includeUsage, ChunkStream upstream, OutputStream out) {
        var relay = relayer(includeUsage, out);
        var outcome = relay.relay(upstream);
        relay.finish(outcome.end(), outcome.tokens(0), BigDecimal.ZERO);
        return outcome;
    }

    private static StreamRelay relayer(boolean includeUsage, OutputStream out) {
        return StreamRelay.chat(
                Json.MAPPER,
                "client-model",
                includeUsage,
                StreamRelayTests::cost,
                out,
                "gpt-4o-mini",
                StreamRelay.Checkpoints.NONE);
    }

    private static ChatChunkFormat format(boolean includeUsage) {
        return new ChatChunkFormat(
                Json.MAPPER, "client-model", includeUsage, StreamRelayTests::cost, new ByteArrayOutputStream());
    }

    private static BigDecimal cost(TokenUsage tokens) {
        return UsageCost.of(tokens.promptTokens(), tokens.completionTokens(), INPUT_PRICE, OUTPUT_PRICE);
    }

    private static ObjectNode chunk(String json) {
        return Json.object(json);
    }

    /** A chunk as a provider writes it: compact JSON text. */
    private static String text(String json) {
        return Json.MAPPER.writeValueAsString(Json.object(json));
    }

    private static FakeStream stream(String... chunks) {
        return new FakeStream(Arrays.stream(chunks).map(StreamRelayTests::text).toList(), null);
    }

    /** The {@code data:} payloads written, in order; also checks the SSE framing. */
    private static List<String> events(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n\n");
        return Arrays.stream(text.split("\n\n"))
                .peek(event -> assertThat(event).startsWith("data: "))
                .map(event -> event.substring("data: ".length()))
                .toList();
    }

    /** A provider's stream replayed from memory as the text it sent, optionally breaking after its chunks. */
    private static final class FakeStream implements ChunkStream {

        private final ArrayDeque<String> chunks;
        private final IOException breakWith;

        FakeStream(List<String> chunks, IOException breakWith) {
            this.chunks = new ArrayDeque<>(chunks);
            this.breakWith = breakWith;
        }

        @Override
        public StreamChunk nextChunk() throws IOException {
            if (chunks.isEmpty() && breakWith != null) throw breakWith;
            String next = chunks.poll();
            return next == null ? null : StreamChunk.received(next, Json.MAPPER);
        }

        int remaining() {
            return chunks.size();
        }

        @Override
        public void close() {}
    }

    /** A client connection that fails on the flush after {@code events} events. */
    private static final class ClosedAfter extends OutputStream {

        private int flushesLeft;

        ClosedAfter(int events) {
            this.flushesLeft = events;
        }

        @Override
        public void write(int b) {}

        @Override
        public void flush() throws IOException {
            if (flushesLeft-- <= 0) throw new IOException("Broken pipe");
        }
    }
}
