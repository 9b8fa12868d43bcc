package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.MockProvider;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's {@code response_format} through the {@code anthropic} adapter, over HTTP to the real
 * mock-provider's Messages API, which calls a forced tool with an input made from its schema and
 * answers in JSON when its system prompt asks for it, as Claude does.
 */
@ProxyServiceTest
class AnthropicResponseFormatTests {

    private static final String PATH = "/v1/chat/completions";
    private static final String SCHEMA =
            "{'type': 'json_schema', 'json_schema': {'name': 'weather_report', 'strict': true, "
                    + "'schema': {'type': 'object', 'properties': {'city': {'type': 'string'}, "
                    + "'temperature': {'type': 'number'}, 'unit': {'type': 'string', 'enum': ['celsius', 'fahrenheit']}}, "
                    + "'required': ['city', 'temperature', 'unit'], 'additionalProperties': false}}}";
    private static final String REPORT = "{\"city\":\"mock\",\"temperature\":1,\"unit\":\"celsius\"}";

    @Autowired
    ProxyClient proxy;

    @Autowired
    RoutePlans plans;

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "claude-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        var claude = new Candidate(
                UUID.randomUUID(),
                "mock-anthropic",
                "anthropic",
                MockProvider.shared().openAiBaseUrl(),
                MockProvider.API_KEY,
                "claude-sonnet-4-20250514",
                BigDecimal.ZERO,
                BigDecimal.ZERO);
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(claude));
    }

    @Test
    void withoutResponseFormatTheAnswerIsText() {
        JsonNode answer = post("{'model': '" + model + "', 'messages': [{'role': 'user', 'content': 'Hello Claude'}]}");

        assertThat(answer.at("/choices/0/message/content").asString()).isEqualTo("Mock reply to: Hello Claude");
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isPositive();
    }

    @Test
    void aJsonSchemaAnswerIsTheForcedToolsInputAsContent() {
        JsonNode answer = post("{'model': '" + model + "', 'response_format': " + SCHEMA
                + ", 'messages': [{'role': 'user', 'content': 'Weather in Paris?'}]}");

        JsonNode message = answer.at("/choices/0/message");
        assertThat(message.path("content").asString()).isEqualTo(REPORT);
        assertThat(Json.MAPPER
                        .readTree(message.path("content").asString())
                        .path("unit")
                        .asString())
                .isEqualTo("celsius");
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void aStreamedJsonSchemaAnswerStreamsTheToolsInputAsContent() {
        String body = proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'stream': true, 'response_format': " + SCHEMA
                                + ", 'messages': [{'role': 'user', 'content': 'Weather in Paris?'}]}")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        List<String> events = Arrays.stream(body.split("\n\n"))
                .map(event -> event.substring("data: ".length()))
                .toList();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        var text = new StringBuilder();
        String finishReason = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.MAPPER.readTree(event);
            text.append(chunk.at("/choices/0/delta/content").asString(""));
            assertThat(chunk.at("/choices/0/delta").has("tool_calls")).isFalse();
            if (chunk.at("/choices/0/finish_reason").isString()) {
                finishReason = chunk.at("/choices/0/finish_reason").asString();
            }
        }
        assertThat(text.toString()).isEqualTo(REPORT);
        assertThat(finishReason).isEqualTo("stop");
    }

    @Test
    void aJsonObjectRequestIsAnsweredWithAJsonObject() {
        JsonNode answer = post("{'model': '" + model + "', 'response_format': {'type': 'json_object'}, "
                + "'messages': [{'role': 'user', 'content': 'Hello Claude'}]}");

        JsonNode content =
                Json.MAPPER.readTree(answer.at("/choices/0/message/content").asString());
        assertThat(content.path("reply").asString()).isEqualTo("Mock reply to: Hello Claude");
    }

    @Test
    void withTheClientsOwnToolsTheModelMayCallThemInsteadOfAnswering() {
        JsonNode answer = post("{'model': '" + model + "', 'response_format': " + SCHEMA + ", 'tools': [{'type': "
                + "'function', 'function': {'name': 'get_weather', 'parameters': {'type': 'object', 'properties': "
                + "{'city': {'type': 'string'}}}}}], 'messages': [{'role': 'user', 'content': 'Weather in Paris?'}]}");

        // tool_choice "any": the mock calls the first tool, which is the client's.
        JsonNode call = answer.at("/choices/0/message/tool_calls/0/function");
        assertThat(call.path("name").asString()).isEqualTo("get_weather");
        assertThat(call.path("arguments").asString()).isEqualTo("{\"city\":\"mock\"}");
        assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
    }

    @Test
    void theResponsesApisJsonSchemaFormatIsHonouredToo() {
        var body = proxy.post(
                        "/v1/responses",
                        caller,
                        "{'model': '" + model + "', 'input': 'Weather in Paris?', 'text': {'format': {'type': "
                                + "'json_schema', 'name': 'weather_report', 'schema': {'type': 'object', 'properties': "
                                + "{'city': {'type': 'string'}, 'temperature': {'type': 'number'}, 'unit': {'type': "
                                + "'string', 'enum': ['celsius', 'fahrenheit']}}}}}}")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        JsonNode response = Json.MAPPER.readTree(body);
        assertThat(response.at("/output/0/type").asString()).isEqualTo("message");
        assertThat(response.at("/output/0/content/0/text").asString()).isEqualTo(REPORT);
    }

    private JsonNode post(String body) {
        return Json.MAPPER.readTree(proxy.post(PATH, caller, body)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }
}
