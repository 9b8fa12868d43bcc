package dev.aggregator.mockprovider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.mockprovider.MockProviderClient.Answer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Anthropic's Messages API as the mock answers it, with a key given as {@code x-api-key}. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mock.require-api-key=sk-anthropic-test")
class MessagesTests {

    private static final String PATH = "/v1/messages";
    private static final String[] KEY = {"x-api-key", "sk-anthropic-test", "anthropic-version", "2023-06-01"};
    private static final String FORCED_TOOL = """
            {"model": "claude-x", "max_tokens": 100,
             "system": "Answer by calling the tool.",
             "messages": [{"role": "user", "content": "Weather in Paris?"}],
             "tools": [{"name": "report", "input_schema": {"type": "object", "properties": {
               "city": {"type": "string"}, "days": {"type": "array", "items": {"type": "integer"}},
               "unit": {"enum": ["celsius", "fahrenheit"]}, "windy": {"type": "boolean"}}}}],
             "tool_choice": {"type": "tool", "name": "report"}%s}""";

    @LocalServerPort
    int port;

    MockProviderClient client;

    @BeforeEach
    void setUp() {
        client = new MockProviderClient(port);
    }

    @Test
    void answersTextInAnthropicsShapeWithUsage() {
        Answer answer = client.post(PATH, """
                {"model": "claude-x", "max_tokens": 100, "system": "Be brief.",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello Claude"}]}]}""", KEY);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.body();
        assertThat(body.path("type").asString()).isEqualTo("message");
        assertThat(body.at("/content/0/text").asString()).isEqualTo("Mock reply to: Hello Claude");
        assertThat(body.path("stop_reason").asString()).isEqualTo("end_turn");
        // "Be brief." and "Hello Claude" are 21 characters: ceil(21 / 4) + 3 = 9.
        assertThat(body.at("/usage/input_tokens").asLong()).isEqualTo(9);
        assertThat(body.at("/usage/output_tokens").asLong()).isEqualTo(5);
    }

    @Test
    void aWrongKeyIsA401() {
        Answer answer = client.post(PATH, """
                {"model": "claude-x", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]}""", "x-api-key", "sk-wrong");
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void aForcedToolIsCalledWithAnInputThatFitsItsSchema() {
        Answer answer = client.post(PATH, FORCED_TOOL.formatted(""), KEY);

        JsonNode block = answer.body().at("/content/0");
        assertThat(block.path("type").asString()).isEqualTo("tool_use");
        assertThat(block.path("name").asString()).isEqualTo("report");
        assertThat(block.path("input").toString())
                .isEqualTo("{\"city\":\"mock\",\"days\":[1],\"unit\":\"celsius\",\"windy\":true}");
        assertThat(answer.body().path("stop_reason").asString()).isEqualTo("tool_use");
    }

    @Test
    void aJsonSystemPromptGetsAJsonAnswer() {
        Answer answer = client.post(PATH, """
                {"model": "claude-x", "max_tokens": 100, "system": "Respond with a single valid JSON object.",
                 "messages": [{"role": "user", "content": "Hello Claude"}]}""", KEY);

        assertThat(answer.body().at("/content/0/text").asString())
                .isEqualTo("{\"reply\":\"Mock reply to: Hello Claude\"}");
    }

    @Test
    void streamsTheToolInputAsJsonDeltasBetweenMessageStartAndStop() throws Exception {
        HttpResponse<Stream<String>> response =
                client.postStreaming(PATH, FORCED_TOOL.formatted(", \"stream\": true"), KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> events = response.body()
                .filter(line -> line.startsWith("data: "))
                .map(line -> client.parse(line.substring("data: ".length())))
                .toList();
        assertThat(events.getFirst().path("type").asString()).isEqualTo("message_start");
        assertThat(events.getLast().path("type").asString()).isEqualTo("message_stop");
        var input = new StringBuilder();
        for (JsonNode event : events) {
            if (event.at("/delta/type").asString("").equals("input_json_delta")) {
                input.append(event.at("/delta/partial_json").asString());
            }
        }
        assertThat(input.toString()).isEqualTo("{\"city\":\"mock\",\"days\":[1],\"unit\":\"celsius\",\"windy\":true}");
        assertThat(events.get(events.size() - 2).at("/delta/stop_reason").asString())
                .isEqualTo("tool_use");
    }
}
