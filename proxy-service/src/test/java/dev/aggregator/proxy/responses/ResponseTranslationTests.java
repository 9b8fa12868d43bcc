package dev.aggregator.proxy.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Requests translated to chat, chat answers and chunks translated back, the results read with the
 * official OpenAI Java SDK's own models (which is what proves them compatible).
 */
class ResponseTranslationTests {

    private static final String TOOL_REQUEST = "{'model': 'm', 'instructions': 'Be brief.', 'max_output_tokens': 50, "
            + "'input': [{'role': 'user', 'content': [{'type': 'input_text', 'text': 'Weather?'}]}, "
            + "{'type': 'function_call', 'call_id': 'call_0', 'name': 'get_weather', 'arguments': '{}'}, "
            + "{'type': 'function_call_output', 'call_id': 'call_0', 'output': 'sunny'}], "
            + "'tools': [{'type': 'function', 'name': 'get_weather', 'parameters': {'type': 'object'}}], "
            + "'tool_choice': {'type': 'function', 'name': 'get_weather'}, 'temperature': 0.2, 'store': true}";

    @Test
    void aRequestBecomesAChatRequestWithFunctionTools() {
        var parsed = ResponsesRequests.parse(Json.object(TOOL_REQUEST), 400);
        JsonNode chat = parsed.chat().body();

        assertThat(chat.at("/messages/0/role").asString()).isEqualTo("system");
        assertThat(chat.at("/messages/0/content").asString()).isEqualTo("Be brief.");
        assertThat(chat.at("/messages/1/content/0/type").asString()).isEqualTo("text");
        assertThat(chat.at("/messages/2/tool_calls/0/id").asString()).isEqualTo("call_0");
        assertThat(chat.at("/messages/2/tool_calls/0/function/name").asString()).isEqualTo("get_weather");
        assertThat(chat.at("/messages/3/role").asString()).isEqualTo("tool");
        assertThat(chat.at("/messages/3/tool_call_id").asString()).isEqualTo("call_0");
        assertThat(chat.at("/tools/0/function/name").asString()).isEqualTo("get_weather");
        assertThat(chat.at("/tools/0/function/parameters/type").asString()).isEqualTo("object");
        assertThat(chat.at("/tool_choice/function/name").asString()).isEqualTo("get_weather");
        assertThat(chat.path("temperature").doubleValue()).isEqualTo(0.2);
        assertThat(chat.has("store")).isFalse();
        assertThat(chat.has("max_output_tokens")).isFalse();
        assertThat(parsed.chat().requestedMaxTokens()).isEqualTo(50);
        assertThat(parsed.chat().stream()).isFalse();
    }

    @Test
    void statefulFeaturesAndHostedToolsAreRefusedAsInvalidRequests() {
        assertThatThrownBy(() -> ResponsesRequests.parse(
                        Json.object("{'model': 'm', 'input': 'hi', 'previous_response_id': 'resp_1'}"), 10))
                .isInstanceOfSatisfying(OpenAiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_request_error");
                    assertThat(e.param()).isEqualTo("previous_response_id");
                });
        assertThatThrownBy(() -> ResponsesRequests.parse(
                        Json.object("{'model': 'm', 'input': 'hi', 'tools': [{'type': 'web_search_preview'}]}"), 10))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.param()).isEqualTo("tools[0].type"));
        assertThatThrownBy(() -> ResponsesRequests.parse(Json.object("{'model': 'm'}"), 10))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.param()).isEqualTo("input"));
        assertThatThrownBy(() -> ResponsesRequests.parse(Json.object("{'model': 'm', 'input': 42}"), 10))
                .isInstanceOf(OpenAiException.class);
    }

    @Test
    void aChatAnswerWithToolCallsIsAResponseTheSdkReads() {
        var parsed = ResponsesRequests.parse(Json.object(TOOL_REQUEST), 400);
        var completion = Json.object("{'id': 'c', 'object': 'chat.completion', 'created': 1700000000, 'model': 'x', "
                + "'choices': [{'index': 0, 'finish_reason': 'tool_calls', 'message': {'role': 'assistant', "
                + "'content': 'Checking.', 'tool_calls': [{'id': 'call_1', 'type': 'function', "
                + "'function': {'name': 'get_weather', 'arguments': '{}'}}]}}], "
                + "'usage': {'prompt_tokens': 20, 'completion_tokens': 7, 'total_tokens': 27}}");

        var json = ResponseObjects.fromChat(
                completion, "m", parsed.settings(), new TokenUsage(20, 7), new BigDecimal("0.00001234"));
        Response response = sdk(Json.MAPPER.writeValueAsString(json), Response.class);
        response.validate();

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).hasValue(com.openai.models.responses.ResponseStatus.COMPLETED);
        assertThat(response.output()).hasSize(2);
        assertThat(response.output()
                        .get(0)
                        .asMessage()
                        .content()
                        .get(0)
                        .asOutputText()
                        .text())
                .isEqualTo("Checking.");
        var call = response.output().get(1).asFunctionCall();
        assertThat(call.callId()).isEqualTo("call_1");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(response.usage().get().inputTokens()).isEqualTo(20);
        assertThat(response.usage().get().outputTokens()).isEqualTo(7);
        assertThat(new BigDecimal(response.usage()
                        .get()
                        ._additionalProperties()
                        .get("cost")
                        .toString()))
                .isEqualByComparingTo("0.00001234");
        assertThat(Json.MAPPER.writeValueAsString(json)).contains("\"cost\":0.00001234");
        assertThat(response.instructions().get().asString()).isEqualTo("Be brief.");
        assertThat(json.path("store").asBoolean()).isFalse();
    }

    @Test
    void aTruncatedAnswerIsIncomplete() {
        var parsed = ResponsesRequests.parse(Json.object("{'model': 'm', 'input': 'hi'}"), 40);
        var completion = Json.object("{'created': 1, 'choices': [{'finish_reason': 'length', "
                + "'message': {'role': 'assistant', 'content': 'Mock'}}]}");
        var json = ResponseObjects.fromChat(completion, "m", parsed.settings(), new TokenUsage(5, 1), BigDecimal.ZERO);
        assertThat(json.path("status").asString()).isEqualTo("incomplete");
        assertThat(json.at("/incomplete_details/reason").asString()).isEqualTo("max_output_tokens");
        sdk(json.toString(), Response.class).validate();
    }

    @Test
    void aStreamedToolCallBecomesFunctionCallEventsInOrder() throws Exception {
        var out = new ByteArrayOutputStream();
        var settings = ResponsesRequests.parse(Json.object(TOOL_REQUEST), 400).settings();
        var stream = new ResponseEventStream(Json.MAPPER, out, "m", settings);
        String head = "{'id': 'c1', 'object': 'chat.completion.chunk', 'model': 'x', 'choices': [{'index': 0, ";
        stream.chunk(
                Json.object(head + "'delta': {'role': 'assistant', 'content': ''}, 'finish_reason': null}]}"), null);
        stream.chunk(Json.object(head + "'delta': {'content': 'Let me check.'}, 'finish_reason': null}]}"), null);
        stream.chunk(
                Json.object(head + "'delta': {'tool_calls': [{'index': 0, 'id': 'call_1', 'type': 'function', "
                        + "'function': {'name': 'get_weather', 'arguments': ''}}]}, 'finish_reason': null}]}"),
                null);
        stream.chunk(
                Json.object(head
                        + "'delta': {'tool_calls': [{'index': 0, 'function': {'arguments': '{\\'city\\':'}}]}, "
                        + "'finish_reason': null}]}"),
                null);
        stream.chunk(
                Json.object(head
                        + "'delta': {'tool_calls': [{'index': 0, 'function': {'arguments': ' \\'Paris\\'}'}}]}, "
                        + "'finish_reason': null}]}"),
                null);
        stream.chunk(Json.object(head + "'delta': {}, 'finish_reason': 'tool_calls'}]}"), null);
        stream.chunk(
                Json.object("{'id': 'c1', 'choices': [], 'usage': {'prompt_tokens': 30, 'completion_tokens': 12}}"),
                new TokenUsage(30, 12));
        stream.completed(new TokenUsage(30, 12), new BigDecimal("0.0001"));

        List<String[]> events = events(out);
        assertThat(events)
                .extracting(event -> event[0])
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.output_item.added",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.done",
                        "response.output_item.done",
                        "response.completed");
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = Json.MAPPER.readTree(events.get(i)[1]);
            assertThat(data.path("type").asString()).isEqualTo(events.get(i)[0]);
            assertThat(data.path("sequence_number").asInt()).isEqualTo(i);
            sdk(events.get(i)[1], ResponseStreamEvent.class).validate();
        }
        var done = sdk(events.get(11)[1], ResponseStreamEvent.class).asFunctionCallArgumentsDone();
        assertThat(done.arguments()).isEqualTo("{\"city\": \"Paris\"}");
        var completed = sdk(events.getLast()[1], ResponseStreamEvent.class)
                .asCompleted()
                .response();
        assertThat(completed.output()).hasSize(2);
        assertThat(completed.output().get(1).asFunctionCall().arguments()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(completed.usage().get().totalTokens()).isEqualTo(42);
    }

    /** {@code [event type, data]} of each server-sent event. */
    static List<String[]> events(ByteArrayOutputStream out) {
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n\n"))
                .map(event -> {
                    String[] lines = event.split("\n", 2);
                    assertThat(lines[0]).startsWith("event: ");
                    assertThat(lines[1]).startsWith("data: ");
                    return new String[] {lines[0].substring(7), lines[1].substring(6)};
                })
                .toList();
    }

    static <T> T sdk(String json, Class<T> type) {
        try {
            return ObjectMappers.jsonMapper().readValue(json, type);
        } catch (Exception e) {
            throw new AssertionError("the SDK cannot read " + json, e);
        }
    }
}
