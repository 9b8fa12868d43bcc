package dev.aggregator.mockprovider.messages;

import dev.aggregator.mockprovider.error.OpenAiException;
import dev.aggregator.mockprovider.simulation.MockDirectives;
import dev.aggregator.mockprovider.simulation.UpstreamSimulator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}), plain and streamed, answered as {@link
 * MockMessages} decides: deterministic, like the chat endpoint. The key comes as {@code x-api-key}
 * (see {@code ApiKeyInterceptor}).
 */
@RestController
class MessagesController {

    private final UpstreamSimulator simulator;
    private final MockMessages messages;
    private final JsonMapper json;

    MessagesController(UpstreamSimulator simulator, MockMessages messages, JsonMapper json) {
        this.simulator = simulator;
        this.messages = messages;
        this.json = json;
    }

    /** {@code Object} for the same reason as the chat endpoint: a message, or a bare stream body. */
    @PostMapping("/v1/messages")
    Object create(@RequestBody JsonNode request, MockDirectives directives, HttpServletResponse response) {
        String model = request.path("model").asString("");
        if (model.isBlank()) throw OpenAiException.invalidRequest("model: Field required", "model");
        if (!request.path("max_tokens").canConvertToInt()
                || request.path("max_tokens").asInt() < 1) {
            throw OpenAiException.invalidRequest("max_tokens: Field required", "max_tokens");
        }
        if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
            throw OpenAiException.invalidRequest("messages: at least one message is required", "messages");
        }
        simulator.beforeAnswering(model, directives);
        ObjectNode message = messages.answer(request, directives.completionTokens());
        if (!request.path("stream").asBoolean(false)) return message;
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        long delay = simulator.chunkDelayMs(model, directives);
        // Written to the servlet response's own stream, whose flush reaches the socket (see ChatStreamWriter).
        return (StreamingResponseBody) ignored -> {
            OutputStream out = response.getOutputStream();
            for (ObjectNode event : messages.events(message)) {
                if ("content_block_delta".equals(event.path("type").asString())) UpstreamSimulator.sleep(delay);
                write(out, event);
            }
        };
    }

    private void write(OutputStream out, ObjectNode event) throws IOException {
        out.write(("event: " + event.path("type").asString() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(json.writeValueAsBytes(event));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
