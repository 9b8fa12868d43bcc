package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.aggregator.proxy.testsupport.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class PromptTokensTests {

    private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final Encoding CL100K =
            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private static final String CJK = "東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。";
    private static final String MESSAGES = "'messages': [{'role': 'user', 'content': 'Hi'}]";

    @ParameterizedTest
    @CsvSource({
        "gpt-4o, O200K",
        "gpt-4o-mini-2024-07-18, O200K",
        "openai/gpt-4.1-nano, O200K",
        "gpt-5-mini, O200K",
        "o3-mini, O200K",
        "o1, O200K",
        "gpt-oss-120b, O200K",
        "gpt-4, CL100K",
        "gpt-4-turbo, CL100K",
        "openai/gpt-3.5-turbo, CL100K",
        "text-embedding-3-small, CL100K",
        "text-embedding-ada-002, CL100K",
        "claude-sonnet-4-20250514, OTHER",
        "meta-llama/llama-3.1-70b-instruct, OTHER",
        "mock-gpt, OTHER",
        "omni-moderation, OTHER"
    })
    void theEncodingIsKnownOnlyForOpenAisModels(String model, Vocabulary vocabulary) {
        assertThat(Vocabulary.of(model)).isEqualTo(vocabulary);
    }

    @Test
    void messagesAreTokenizedWithOpenAisFramingAndTheRestOfTheBodyCountsAtAQuarterOfItsBytes() {
        var body = Json.object("""
                {'model': 'gpt-4o', 'messages': [
                  {'role': 'system', 'content': 'Be brief.'},
                  {'role': 'user', 'name': 'ann', 'content': 'Hello there, what is the capital of Japan?'}
                ]}""");
        long bytes = bytes(body);
        long textBytes = utf8("Be brief.") + utf8("Hello there, what is the capital of Japan?") + utf8("ann");
        long texts = O200K.countTokensOrdinary("Be brief.")
                + O200K.countTokensOrdinary("Hello there, what is the capital of Japan?")
                + O200K.countTokensOrdinary("ann");
        long framing = 3 + 3 + 1 + 3; // two messages, one name, the reply
        assertThat(estimate(body, "gpt-4o")).isEqualTo(texts + Math.ceilDiv(bytes - textBytes, 4) + framing);
        long cl100k = CL100K.countTokensOrdinary("Be brief.")
                + CL100K.countTokensOrdinary("Hello there, what is the capital of Japan?")
                + CL100K.countTokensOrdinary("ann");
        assertThat(estimate(body, "gpt-4")).isEqualTo(cl100k + Math.ceilDiv(bytes - textBytes, 4) + framing);
    }

    @Test
    void cjkTextCountsAboveTheOldBytesOverFourRule() {
        String text = CJK.repeat(20);
        var body = Json.object("{'model': 'gpt-4o', 'messages': [{'role': 'user', 'content': '" + text + "'}]}");
        long oldRule = Math.ceilDiv(bytes(body), 4) + 4 + 3;
        long real = O200K.countTokensOrdinary(text) + 3 + 3;
        assertThat(real).isGreaterThan(oldRule);
        assertThat(estimate(body, "gpt-4o")).isGreaterThanOrEqualTo(real);
        assertThat(estimate(body, "gpt-4-turbo")).isGreaterThanOrEqualTo(CL100K.countTokensOrdinary(text) + 6);
    }

    @Test
    void anotherVendorsModelCountsHalfAgainTheCl100kCountAndToolsAnAllowance() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(20);
        var body = Json.object("{'messages': [{'role': 'user', 'content': '" + text + "'}]}");
        long rest = Math.ceilDiv(bytes(body) - utf8(text), 4);
        assertThat(estimate(body, "claude-sonnet-4"))
                .isEqualTo((long) Math.ceil(1.5 * CL100K.countTokensOrdinary(text)) + rest + 6);
        ObjectNode withFormat = body.deepCopy();
        withFormat.putObject("response_format").put("type", "json_object");
        assertThat(estimate(withFormat, "claude-sonnet-4") - estimate(body, "claude-sonnet-4"))
                .isGreaterThanOrEqualTo(500);
    }

    @Test
    void theHighestEstimateAmongTheCandidatesModelsIsHeld() {
        var body = Json.object("{'messages': [{'role': 'user', 'content': '" + CJK + "'}]}");
        var prompt = PromptTokens.of(bytes(body), body);
        assertThat(prompt.estimate(List.of("gpt-4o", "claude-3-haiku", "gpt-4")))
                .isEqualTo(List.of("gpt-4o", "claude-3-haiku", "gpt-4").stream()
                        .mapToLong(prompt::estimate)
                        .max()
                        .orElseThrow());
    }

    @Test
    void toolSchemasToolCallsAndResponseFormatAreCounted() {
        String big = "y".repeat(40_000);
        var bare = Json.object("{" + MESSAGES + "}");
        var tools = Json.object("{" + MESSAGES + ", 'tools': [{'type': 'function', 'function': "
                + "{'name': 'lookup', 'description': '" + big + "', 'parameters': {'type': 'object'}}}]}");
        var toolCall = Json.object("{'messages': [{'role': 'user', 'content': 'Hi'}, "
                + "{'role': 'assistant', 'content': null, 'tool_calls': [{'id': 'c1', 'type': 'function', "
                + "'function': {'name': 'f', 'arguments': '" + "{\\\"q\\\": 12345} ".repeat(2_000) + "'}}]}]}");
        var responseFormat = Json.object("{" + MESSAGES + ", 'response_format': {'type': 'json_schema', "
                + "'json_schema': {'name': 's', 'description': '" + big + "'}}}");
        long base = estimate(bare, "gpt-4o");
        assertThat(estimate(tools, "gpt-4o") - base).isGreaterThanOrEqualTo(10_000);
        assertThat(estimate(toolCall, "gpt-4o") - base).isGreaterThanOrEqualTo(10_000);
        assertThat(estimate(responseFormat, "gpt-4o") - base).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void everyImagePartAddsAnAllowanceOnTopOfItsBytes() {
        var body = Json.object("""
                {'messages': [{'role': 'user', 'content': [
                  {'type': 'text', 'text': 'What is this?'},
                  {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}},
                  {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,iVBORw0KGgo='}}
                ]}]}""");
        long rest = Math.ceilDiv(bytes(body) - utf8("What is this?"), 4);
        assertThat(estimate(body, "gpt-4o"))
                .isEqualTo(O200K.countTokensOrdinary("What is this?") + rest + 3 + 3 + 2 * 4_000);
    }

    /**
     * The bound (what admission holds without tokenizing) is never below an estimate, whatever the
     * text: random strings from ASCII, Latin, CJK, emoji and digit runs, from a fixed seed.
     */
    @Test
    void theBoundIsNeverBelowAnyEstimate() {
        var random = new Random(7);
        String[] alphabets = {"abc xyz", "0123456789", "éüßñ", "東京日本語世界", "😀🎉👍", "{}[]\":,\\n\t "};
        for (int run = 0; run < 300; run++) {
            var text = new StringBuilder();
            int length = random.nextInt(400);
            for (int i = 0; i < length; i++) {
                String alphabet = alphabets[random.nextInt(alphabets.length)];
                text.appendCodePoint(alphabet.codePointAt(
                        alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            ObjectNode body = Json.object("{'messages': []}");
            body.withArray("messages").addObject().put("role", "user").put("content", text.toString());
            if (random.nextBoolean()) {
                body.withArray("messages")
                        .addObject()
                        .put("role", "assistant")
                        .put("content", text.reverse().toString());
            }
            var prompt = PromptTokens.of(bytes(body), body);
            for (String model : List.of("gpt-4o", "gpt-4", "claude-sonnet-4")) {
                assertThat(prompt.bound()).as("%s, run %d", model, run).isGreaterThanOrEqualTo(prompt.estimate(model));
            }
        }
    }

    private static long estimate(ObjectNode body, String model) {
        return PromptTokens.of(bytes(body), body).estimate(model);
    }

    private static long bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
