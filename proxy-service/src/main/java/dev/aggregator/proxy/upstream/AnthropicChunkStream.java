package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's streaming events as OpenAI chunks: {@code message_start} opens the assistant turn,
 * {@code content_block_delta} carries text or tool-call arguments, {@code message_delta} the
 * finish reason and output tokens, {@code message_stop} becomes the usage chunk. An
 * {@code error} event breaks the stream. The input of the response tool (a {@code json_schema}
 * answer, see {@link AnthropicTranslation}) streams as content, and its {@code tool_use} stop as
 * {@code stop}.
 */
final class AnthropicChunkStream extends SseChunkStream {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper json;
    private final String model;
    private final long created = Instant.now().getEpochSecond();
    /** Anthropic content block index → OpenAI tool call index. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    /** The response tool's name, null when the request has none. */
    private final String responseTool;
    /** The content block index of the response tool's call, -1 before it starts. */
    private int responseBlock = -1;

    private String id = "msg";
    private JsonNode inputUsage = NODES.objectNode();
    private JsonNode outputUsage = NODES.objectNode();
    private boolean stopped;

    AnthropicChunkStream(UpstreamBody body, JsonMapper json, String model, Duration firstWait, Duration idleWait) {
        this(body, json, model, null, firstWait, idleWait);
    }

    AnthropicChunkStream(
            UpstreamBody body,
            JsonMapper json,
            String model,
            String responseTool,
            Duration firstWait,
            Duration idleWait) {
        super(body, firstWait, idleWait);
        this.json = json;
        this.model = model;
        this.responseTool = responseTool;
    }

    @Override
    protected void onEvent(SseEvent event, Consumer<StreamChunk> translated) throws IOException {
        if (stopped) return;
        Consumer<ObjectNode> emit = chunk -> translated.accept(StreamChunk.of(chunk));
        JsonNode data = json.readTree(event.data());
        String type = data.path("type").asString(event.event() == null ? "" : event.event());
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                id = message.path("id").asString(id);
                inputUsage = message.path("usage");
                ObjectNode delta = NODES.objectNode().put("role", "assistant").put("content", "");
                emit.accept(chunk(delta, null));
            }
            case "content_block_start" -> {
                JsonNode block = data.path("content_block");
                if ("tool_use".equals(block.path("type").asString())
                        && block.path("name").asString("").equals(responseTool)) {
                    responseBlock = data.path("index").asInt();
                } else if ("tool_use".equals(block.path("type").asString())) {
                    int index = toolCalls.size();
                    toolCalls.put(data.path("index").asInt(), index);
                    ObjectNode call = AnthropicTranslation.toolCall(block, "");
                    call.put("index", index);
                    emit.accept(chunk(
                            NODES.objectNode()
                                    .set("tool_calls", NODES.arrayNode().add(call)),
                            null));
                } else if ("text".equals(block.path("type").asString())
                        && !block.path("text").asString("").isEmpty()) {
                    emit.accept(chunk(
                            NODES.objectNode().put("content", block.path("text").asString()), null));
                }
            }
            case "content_block_delta" -> delta(data, emit);
            case "message_delta" -> {
                outputUsage = data.path("usage");
                String reason = AnthropicTranslation.finishReason(
                        data.path("delta").path("stop_reason").asString(null),
                        responseBlock >= 0 && toolCalls.isEmpty());
                if (reason != null) emit.accept(chunk(NODES.objectNode(), reason));
            }
            case "message_stop" -> {
                stopped = true;
                ObjectNode usage = chunk(null, null);
                usage.set("usage", AnthropicTranslation.usage(inputUsage, outputUsage));
                emit.accept(usage);
            }
            case "error" -> throw new StreamErrorEvent(data.path("error"));
            default -> {
                // ping, content_block_stop and event types added later carry nothing to forward
            }
        }
    }

    private void delta(JsonNode data, Consumer<ObjectNode> emit) {
        JsonNode delta = data.path("delta");
        switch (delta.path("type").asString("")) {
            case "text_delta" ->
                emit.accept(chunk(
                        NODES.objectNode().put("content", delta.path("text").asString("")), null));
            case "input_json_delta" -> {
                if (responseBlock >= 0 && data.path("index").asInt() == responseBlock) {
                    emit.accept(chunk(
                            NODES.objectNode()
                                    .put("content", delta.path("partial_json").asString("")),
                            null));
                    return;
                }
                Integer index = toolCalls.get(data.path("index").asInt());
                if (index == null) return;
                ObjectNode call = NODES.objectNode().put("index", index);
                call.putObject("function")
                        .put("arguments", delta.path("partial_json").asString(""));
                emit.accept(chunk(
                        NODES.objectNode().set("tool_calls", NODES.arrayNode().add(call)), null));
            }
            default -> {
                // thinking and signature deltas are not part of an OpenAI answer
            }
        }
    }

    /** A {@code chat.completion.chunk} with one choice, or none when {@code delta} is null. */
    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        ArrayNode choices = chunk.putArray("choices");
        if (delta != null) {
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            if (finishReason == null) choice.putNull("finish_reason");
            else choice.put("finish_reason", finishReason);
        }
        return chunk;
    }
}
