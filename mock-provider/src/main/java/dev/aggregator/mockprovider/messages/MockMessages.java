package dev.aggregator.mockprovider.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the mock's Messages API answers, from the request alone, honouring what a real Claude model
 * honours:
 *
 * <ul>
 *   <li>a forced tool ({@code tool_choice: {type: "tool", name}}, or {@code any}: the first tool) is
 *       called with an input made from its {@code input_schema} (every property, in order: a
 *       string is {@code "mock"}, or its first {@code enum} value; a number or integer {@code 1}; a
 *       boolean {@code true}; an array one item; an object recursively), {@code stop_reason:
 *       tool_use};
 *   <li>a system prompt asking for JSON makes the text answer a JSON object, {@code {"reply":
 *       "Mock reply to: …"}};
 *   <li>otherwise the text {@code Mock reply to: <the first 40 characters of the last user text>},
 *       each word one output token, cut at {@code max_tokens} ({@code stop_reason: max_tokens}).
 * </ul>
 *
 * Input tokens: ceil(characters of the system prompt, the messages' text and the tools' JSON / 4) +
 * 3 per message.
 */
@Component
class MockMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int ECHOED_CHARACTERS = 40;
    private static final String[] FILLER = {"lorem", "ipsum", "dolor", "sit", "amet"};
    private static final AtomicLong IDS = new AtomicLong();

    private final JsonMapper json;

    MockMessages(JsonMapper json) {
        this.json = json;
    }

    ObjectNode answer(JsonNode request, @Nullable Integer paddedToWords) {
        ObjectNode message = NODES.objectNode();
        message.put("id", "msg_mock_" + IDS.incrementAndGet());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", request.path("model").asString());
        ArrayNode content = message.putArray("content");
        int maxTokens = request.path("max_tokens").asInt();
        JsonNode tool = forcedTool(request);
        String stopReason;
        long outputTokens;
        if (tool != null) {
            JsonNode input = sample(tool.path("input_schema"));
            content.addObject()
                    .put("type", "tool_use")
                    .put("id", "toolu_mock_" + IDS.get())
                    .put("name", tool.path("name").asString())
                    .set("input", input);
            stopReason = "tool_use";
            outputTokens = Math.ceilDiv(json.writeValueAsString(input).length(), 4);
        } else {
            List<String> words = words(lastUserText(request.path("messages")), paddedToWords);
            stopReason = "end_turn";
            if (words.size() > maxTokens) {
                words = words.subList(0, maxTokens);
                stopReason = "max_tokens";
            }
            String text = String.join(" ", words);
            if (asksForJson(request.path("system"))) {
                text = json.writeValueAsString(NODES.objectNode().put("reply", text));
            }
            content.addObject().put("type", "text").put("text", text);
            outputTokens = words.size();
        }
        message.put("stop_reason", stopReason);
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputTokens(request)).put("output_tokens", outputTokens);
        return message;
    }

    /** The stream of events that carries {@code message}: text word by word, tool input in pieces. */
    List<ObjectNode> events(ObjectNode message) {
        var events = new ArrayList<ObjectNode>();
        ObjectNode start = message.deepCopy();
        start.putArray("content");
        start.putNull("stop_reason");
        ((ObjectNode) start.get("usage")).put("output_tokens", 1);
        events.add(event("message_start").set("message", start));
        int index = 0;
        for (JsonNode block : message.path("content")) {
            ObjectNode opening = (ObjectNode) block.deepCopy();
            List<ObjectNode> deltas = new ArrayList<>();
            if ("text".equals(block.path("type").asString())) {
                opening.put("text", "");
                String[] words = block.path("text").asString().split(" ");
                for (int i = 0; i < words.length; i++) {
                    deltas.add(
                            NODES.objectNode().put("type", "text_delta").put("text", (i == 0 ? "" : " ") + words[i]));
                }
            } else {
                opening.putObject("input");
                String input = json.writeValueAsString(block.path("input"));
                for (int i = 0; i < input.length(); i += 8) {
                    deltas.add(NODES.objectNode()
                            .put("type", "input_json_delta")
                            .put("partial_json", input.substring(i, Math.min(input.length(), i + 8))));
                }
            }
            events.add(event("content_block_start").put("index", index).set("content_block", opening));
            for (ObjectNode delta : deltas) {
                events.add(event("content_block_delta").put("index", index).set("delta", delta));
            }
            events.add(event("content_block_stop").put("index", index));
            index++;
        }
        ObjectNode end = event("message_delta");
        end.putObject("delta")
                .put("stop_reason", message.path("stop_reason").asString())
                .putNull("stop_sequence");
        end.putObject("usage")
                .put(
                        "output_tokens",
                        message.path("usage").path("output_tokens").asLong());
        events.add(end);
        events.add(event("message_stop"));
        return events;
    }

    private static ObjectNode event(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static @Nullable JsonNode forcedTool(JsonNode request) {
        JsonNode tools = request.path("tools");
        JsonNode choice = request.path("tool_choice");
        if (tools.isEmpty()) return null;
        switch (choice.path("type").asString("")) {
            case "tool" -> {
                for (JsonNode tool : tools) {
                    if (tool.path("name")
                            .asString("")
                            .equals(choice.path("name").asString())) return tool;
                }
                return null;
            }
            case "any" -> {
                return tools.get(0);
            }
            default -> {
                return null;
            }
        }
    }

    /** A value that satisfies {@code schema}, as described in the class comment. */
    static JsonNode sample(JsonNode schema) {
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty())
            return schema.path("enum").get(0);
        if (schema.has("const")) return schema.get("const");
        return switch (schema.path("type").asString("object")) {
            case "string" -> NODES.stringNode("mock");
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            case "array" -> NODES.arrayNode().add(sample(schema.path("items")));
            default -> {
                ObjectNode object = NODES.objectNode();
                for (var property : schema.path("properties").properties()) {
                    object.set(property.getKey(), sample(property.getValue()));
                }
                yield object;
            }
        };
    }

    private static boolean asksForJson(JsonNode system) {
        return text(system).contains("JSON");
    }

    private long inputTokens(JsonNode request) {
        long characters = text(request.path("system")).length();
        JsonNode messages = request.path("messages");
        for (JsonNode message : messages)
            characters += text(message.path("content")).length();
        if (!request.path("tools").isMissingNode())
            characters += json.writeValueAsString(request.path("tools")).length();
        return Math.ceilDiv(characters, 4) + 3L * messages.size();
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asString()))
                return text(messages.get(i).path("content"));
        }
        return "";
    }

    private static List<String> words(String userText, @Nullable Integer paddedToWords) {
        String normalized = userText.strip().replaceAll("\\s+", " ");
        int end = normalized.offsetByCodePoints(
                0, Math.min(ECHOED_CHARACTERS, normalized.codePointCount(0, normalized.length())));
        String echoed = normalized.substring(0, end).strip();
        var words = new ArrayList<>(List.of("Mock", "reply", "to:"));
        if (!echoed.isEmpty()) words.addAll(List.of(echoed.split(" ")));
        for (int i = 0; paddedToWords != null && words.size() < paddedToWords; i++)
            words.add(FILLER[i % FILLER.length]);
        return words;
    }

    /** A string, or the text blocks of a content array (tool results' text included), joined by spaces. */
    private static String text(JsonNode content) {
        if (content.isString()) return content.stringValue();
        var text = new StringBuilder();
        for (JsonNode block : content) {
            String part = block.path("text").isString()
                    ? block.path("text").stringValue()
                    : block.path("content").isString() ? block.path("content").stringValue() : "";
            if (part.isEmpty()) continue;
            if (!text.isEmpty()) text.append(' ');
            text.append(part);
        }
        return text.toString();
    }
}
