package dev.aggregator.proxy.responses;

import dev.aggregator.proxy.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code response} object, built from a chat completion: its message as a {@code message}
 * output item with one {@code output_text} part, each tool call as a {@code function_call} item,
 * {@code usage} with {@code input_tokens}/{@code output_tokens} and our {@code cost}, and the
 * request's settings repeated as OpenAI does. A completion cut short by its token limit (or a
 * content filter) is {@code incomplete}, with the reason in {@code incomplete_details}.
 */
final class ResponseObjects {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponseObjects() {}

    /** {@code prefix_} and 48 random hex digits, as OpenAI's ids look. */
    static String newId(String prefix) {
        byte[] random = new byte[24];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + "_" + HexFormat.of().formatHex(random);
    }

    /**
     * A response with no output yet and no usage, {@code status} as given: the frame of a stream's
     * {@code response.created}, completed by {@link #finish}.
     */
    static ObjectNode skeleton(String id, long createdAt, String model, ObjectNode settings, String status) {
        ObjectNode response = NODES.objectNode();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.put("background", false);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", settings.path("instructions").isString() ? settings.get("instructions") : null);
        response.set("max_output_tokens", settings.get("max_output_tokens"));
        response.set("metadata", settings.path("metadata").isObject() ? settings.get("metadata") : NODES.objectNode());
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", settings.path("parallel_tool_calls").asBoolean(true));
        response.putNull("previous_response_id");
        ObjectNode reasoning = response.putObject("reasoning");
        reasoning.set("effort", settings.path("reasoning").get("effort"));
        reasoning.putNull("summary");
        response.put("store", false); // nothing is stored, whatever the request said
        response.set(
                "temperature",
                settings.path("temperature").isNumber() ? settings.get("temperature") : NODES.numberNode(1.0));
        response.set("text", settings.path("text").isObject() ? settings.get("text") : textFormat());
        response.set(
                "tool_choice", settings.has("tool_choice") ? settings.get("tool_choice") : NODES.stringNode("auto"));
        response.set("tools", settings.path("tools").isArray() ? settings.get("tools") : NODES.arrayNode());
        response.set("top_p", settings.path("top_p").isNumber() ? settings.get("top_p") : NODES.numberNode(1.0));
        response.put("truncation", settings.path("truncation").asString("disabled"));
        response.putNull("usage");
        response.set("user", settings.path("user").isString() ? settings.get("user") : null);
        return response;
    }

    /** The whole response to a chat completion that was billed {@code tokens} at {@code cost}. */
    static ObjectNode fromChat(
            ObjectNode completion, String model, ObjectNode settings, TokenUsage tokens, BigDecimal cost) {
        long created = completion.path("created").canConvertToLong()
                ? completion.path("created").longValue()
                : System.currentTimeMillis() / 1000;
        ObjectNode response = skeleton(newId("resp"), created, model, settings, "completed");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        String finishReason = choice.path("finish_reason").asString("stop");
        boolean incomplete = incomplete(finishReason);
        ArrayNode output = (ArrayNode) response.get("output");
        String text = text(message.path("content"));
        String refusal =
                message.path("refusal").isString() ? message.path("refusal").stringValue() : null;
        if (!text.isEmpty() || refusal != null || !message.path("tool_calls").isArray()) {
            ObjectNode item = messageItem(newId("msg"), incomplete ? "incomplete" : "completed");
            ArrayNode content = (ArrayNode) item.get("content");
            if (refusal != null) content.addObject().put("type", "refusal").put("refusal", refusal);
            if (!text.isEmpty() || refusal == null) content.add(outputText(text));
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            output.add(functionCall(
                    newId("fc"),
                    call.path("id").asString(""),
                    function.path("name").asString(""),
                    function.path("arguments").asString(""),
                    "completed"));
        }
        finish(response, finishReason, usage(tokens, cost, completion.path("usage")));
        return response;
    }

    /** Sets the end state: {@code status}, {@code incomplete_details} and {@code usage}. */
    static void finish(ObjectNode response, String finishReason, ObjectNode usage) {
        if (incomplete(finishReason)) {
            response.put("status", "incomplete");
            response.putObject("incomplete_details")
                    .put("reason", "length".equals(finishReason) ? "max_output_tokens" : "content_filter");
        } else {
            response.put("status", "completed");
        }
        response.set("usage", usage);
    }

    static boolean incomplete(String finishReason) {
        return "length".equals(finishReason) || "content_filter".equals(finishReason);
    }

    /**
     * @param reported the provider's chat {@code usage}, for its token details; may be missing
     */
    static ObjectNode usage(TokenUsage tokens, BigDecimal cost, JsonNode reported) {
        ObjectNode usage = NODES.objectNode();
        usage.put("input_tokens", tokens.promptTokens());
        usage.putObject("input_tokens_details")
                .put(
                        "cached_tokens",
                        reported.path("prompt_tokens_details")
                                .path("cached_tokens")
                                .asLong(0));
        usage.put("output_tokens", tokens.completionTokens());
        usage.putObject("output_tokens_details")
                .put(
                        "reasoning_tokens",
                        reported.path("completion_tokens_details")
                                .path("reasoning_tokens")
                                .asLong(0));
        usage.put("total_tokens", tokens.totalTokens());
        usage.put("cost", cost);
        return usage;
    }

    static ObjectNode messageItem(String id, String status) {
        ObjectNode item = NODES.objectNode();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        item.putArray("content");
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = NODES.objectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        ObjectNode item = NODES.objectNode();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        return item;
    }

    private static ObjectNode textFormat() {
        ObjectNode text = NODES.objectNode();
        text.putObject("format").put("type", "text");
        return text;
    }

    private static String text(JsonNode content) {
        if (content.isString()) return content.stringValue();
        var text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) text.append(part.path("text").stringValue());
        }
        return text.toString();
    }
}
