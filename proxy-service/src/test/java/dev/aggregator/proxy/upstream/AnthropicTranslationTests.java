package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.testsupport.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI ⇄ Anthropic Messages API, checked against recorded JSON fixtures. */
class AnthropicTranslationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AnthropicTranslation translation = new AnthropicTranslation(Json.MAPPER);

    @Test
    void translatesAnOpenAiRequestIntoAMessagesRequest() throws IOException {
        var openAi = (ObjectNode) fixture("openai-request.json");
        ObjectNode body = translation.request(openAi, "claude-sonnet-4-20250514", 512, false);
        assertThat(normalized(body)).isEqualTo(fixture("anthropic-request.json"));
    }

    @Test
    void alwaysSendsTheReservedBoundAsMaxTokens() {
        var openAi = Json.object("{'model': 'c', 'messages': [{'role': 'user', 'content': 'Hi'}], "
                + "'max_completion_tokens': 77, 'max_tokens': 100000, 'stream': true}");
        assertThat(translation
                        .request(openAi, "claude", 77, true)
                        .path("max_tokens")
                        .asLong())
                .isEqualTo(77);
        var withoutBound = Json.object("{'model': 'c', 'messages': [{'role': 'user', 'content': 'Hi'}]}");
        ObjectNode body = translation.request(withoutBound, "claude", 1234, true);
        assertThat(body.path("max_tokens").asLong()).isEqualTo(1234);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.at("/messages/0/content/0/text").asString()).isEqualTo("Hi");
        assertThat(body.has("system")).isFalse();
    }

    @Test
    void aJsonSchemaResponseFormatBecomesAnInstructionAndAForcedToolWithThatSchema() {
        var openAi = Json.object(
                "{'model': 'c', 'messages': [{'role': 'system', 'content': 'Be brief.'}, "
                        + "{'role': 'user', 'content': 'Hi'}], 'response_format': {'type': 'json_schema', 'json_schema': "
                        + "{'name': 'greeting card', 'schema': {'type': 'object', 'properties': {'text': {'type': 'string'}}}}}}");
        ObjectNode body = translation.request(openAi, "claude", 100, false);
        assertThat(body.path("system").asString()).startsWith("Be brief.").contains("`greeting_card`");
        assertThat(body.at("/tools/0/name").asString()).isEqualTo("greeting_card");
        assertThat(body.at("/tools/0/input_schema/properties/text/type").asString())
                .isEqualTo("string");
        assertThat(body.path("tool_choice")).isEqualTo(Json.object("{'type': 'tool', 'name': 'greeting_card'}"));

        var message = Json.object("{'id': 'msg_1', 'type': 'message', 'content': [{'type': 'tool_use', 'id': 't1', "
                + "'name': 'greeting_card', 'input': {'text': 'Hello'}}], 'stop_reason': 'tool_use', "
                + "'usage': {'input_tokens': 10, 'output_tokens': 5}}");
        ObjectNode completion = translation.completion(message, "claude", AnthropicTranslation.responseTool(openAi));
        assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("{\"text\":\"Hello\"}");
        assertThat(completion.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void aJsonObjectResponseFormatIsASystemInstructionOnly() {
        var openAi = Json.object(
                "{'model': 'c', 'messages': [{'role': 'user', 'content': 'Hi'}], 'response_format': {'type': 'json_object'}}");
        ObjectNode body = translation.request(openAi, "claude", 100, false);
        assertThat(body.path("system").asString()).contains("JSON object");
        assertThat(body.has("tools")).isFalse();
        assertThat(AnthropicTranslation.responseTool(openAi)).isNull();
    }

    @Test
    void theResponseToolNeverTakesTheNameOfOneOfTheClientsTools() {
        var openAi = Json.object(
                "{'model': 'c', 'messages': [{'role': 'user', 'content': 'Hi'}], 'tools': [{'type': "
                        + "'function', 'function': {'name': 'answer'}}], 'tool_choice': {'type': 'function', 'function': "
                        + "{'name': 'answer'}}, 'response_format': {'type': 'json_schema', 'json_schema': {'name': 'answer'}}}");
        ObjectNode body = translation.request(openAi, "claude", 100, false);
        assertThat(body.at("/tools/1/name").asString()).isEqualTo("json_response_answer");
        // The client forced a tool of its own: that stays.
        assertThat(body.path("tool_choice")).isEqualTo(Json.object("{'type': 'tool', 'name': 'answer'}"));
    }

    @Test
    void translatesAMessageIntoAChatCompletion() throws IOException {
        var message = (ObjectNode) fixture("anthropic-message.json");
        ObjectNode completion = translation.completion(message, "claude-sonnet-4-20250514");
        assertThat(completion.path("created").isIntegralNumber()).isTrue();
        completion.remove("created");
        assertThat(normalized(completion)).isEqualTo(fixture("openai-completion.json"));
    }

    @Test
    void translatesTheEventStreamIntoChunksEndingWithUsage() throws IOException {
        String wire = text("anthropic-stream.txt");
        List<JsonNode> chunks = new ArrayList<>();
        try (var stream = new AnthropicChunkStream(
                Bodies.splitEvery(7, wire), Json.MAPPER, "claude-sonnet-4-20250514", WAIT, WAIT)) {
            ObjectNode chunk;
            while ((chunk = stream.next()) != null) {
                assertThat(chunk.path("created").isIntegralNumber()).isTrue();
                chunk.remove("created");
                chunks.add(normalized(chunk));
            }
        }
        assertThat(chunks).containsExactlyElementsOf(fixture("openai-chunks.json"));
    }

    @Test
    void anOverloadedErrorBeforeTheAnswerLetsTheNextCandidateTry() {
        String wire = "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
                + "\"message\": \"Overloaded\"}}\n\n";
        var stream = new AnthropicChunkStream(Bodies.ofText(List.of(wire), true), Json.MAPPER, "c", WAIT, WAIT);
        assertThatThrownBy(stream::started)
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.OVERLOADED));
    }

    @Test
    void anErrorEventMidStreamBreaksIt() throws IOException {
        String wire = "event: message_start\ndata: {\"type\": \"message_start\", \"message\": {\"id\": \"m\", "
                + "\"usage\": {\"input_tokens\": 3}}}\n\n"
                + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"api_error\", \"message\": \"x\"}}\n\n";
        var stream = new AnthropicChunkStream(Bodies.ofText(List.of(wire), true), Json.MAPPER, "c", WAIT, WAIT);
        assertThat(stream.next()).isNotNull();
        assertThatThrownBy(stream::next).isInstanceOf(IOException.class);
    }

    @Test
    void mapsStopReasonsToFinishReasons() {
        assertThat(AnthropicTranslation.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicTranslation.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(AnthropicTranslation.finishReason("max_tokens")).isEqualTo("length");
        assertThat(AnthropicTranslation.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(AnthropicTranslation.finishReason(null)).isNull();
    }

    /** Re-read from text, so that numbers compare by value whatever node type built them. */
    private static JsonNode normalized(JsonNode node) {
        return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(node));
    }

    private static JsonNode fixture(String name) throws IOException {
        return Json.MAPPER.readTree(text(name));
    }

    private static String text(String name) throws IOException {
        try (InputStream in = AnthropicTranslationTests.class.getResourceAsStream("/anthropic/" + name)) {
            if (in == null) throw new IOException("missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
