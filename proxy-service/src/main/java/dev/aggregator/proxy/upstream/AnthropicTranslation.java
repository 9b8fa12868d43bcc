package dev.aggregator.proxy.upstream;

import static dev.aggregator.proxy.openai.RequestFields.absent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat requests to Anthropic's Messages API and its answers back. Covered: system and
 * developer messages, text and image parts, tools and tool calls, the sampling parameters both
 * APIs share. Fields Anthropic has no equivalent for ({@code n}, penalties, {@code logprobs}, …)
 * are dropped; Anthropic always answers one choice.
 *
 * <p>{@code response_format}, which the Messages API lacks, is honoured the way Anthropic documents
 * for JSON output: {@code json_object} as a system instruction to answer with one JSON object and
 * nothing else; {@code json_schema} as that instruction plus a tool whose {@code input_schema} is the
 * schema, which the model is made to call ({@code tool_choice: tool}, or {@code any} when the
 * client's own tools may be called instead), and whose {@code tool_use} input is then the answer's
 * content, as text, with {@code finish_reason: stop} ({@link ResponseTool}).
 */
final class AnthropicTranslation {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper json;

    AnthropicTranslation(JsonMapper json) {
        this.json = json;
    }

    /**
     * The Messages API body for an OpenAI chat request.
     *
     * @param maxTokens the output limit the request was reserved for: Anthropic's {@code
     *     max_tokens}, whatever the client's {@code max_tokens}/{@code max_completion_tokens} say
     */
    ObjectNode request(ObjectNode openAi, String providerModel, long maxTokens, boolean stream) {
        ObjectNode body = NODES.objectNode();
        body.put("model", providerModel);
        body.put("max_tokens", maxTokens);
        var system = new ArrayList<String>();
        body.set("messages", messages(openAi.path("messages"), system));
        String responseTool = responseTool(openAi);
        JsonNode format = openAi.path("response_format");
        switch (format.path("type").asString("")) {
            case "json_object" ->
                system.add("Respond with a single valid JSON object and nothing else: no prose, no code fences.");
            case "json_schema" ->
                system.add(
                        "Give your answer by calling the tool `%s`: its input schema is the format the answer must have."
                                .formatted(responseTool));
            default -> {}
        }
        if (!system.isEmpty()) body.put("system", String.join("\n\n", system));
        copy(openAi, "temperature", body, "temperature");
        copy(openAi, "top_p", body, "top_p");
        JsonNode stop = openAi.get("stop");
        if (!absent(stop)) {
            ArrayNode sequences = body.putArray("stop_sequences");
            if (stop.isString()) sequences.add(stop.stringValue());
            else stop.forEach(sequences::add);
        }
        if (openAi.path("user").isString())
            body.putObject("metadata").put("user_id", openAi.get("user").stringValue());
        tools(openAi, body);
        if (responseTool != null) forceResponseTool(openAi, body, responseTool);
        if (stream) body.put("stream", true);
        return body;
    }

    /**
     * The name of the tool that carries a {@code json_schema} answer, or null without one: the
     * schema's name, made a valid tool name, and prefixed when one of the client's tools has it.
     */
    static String responseTool(JsonNode openAi) {
        JsonNode format = openAi.path("response_format");
        if (!"json_schema".equals(format.path("type").asString(""))) return null;
        String name =
                format.path("json_schema").path("name").asString("response").replaceAll("[^a-zA-Z0-9_-]", "_");
        if (name.isEmpty() || name.length() > 64) name = "response";
        for (JsonNode tool : openAi.path("tools")) {
            if (name.equals(tool.path("function").path("name").asString(""))) return "json_response_" + name;
        }
        return name;
    }

    /**
     * Adds the response tool and makes the model call a tool: that one, or when the client's own
     * tools are there to be called ({@code tool_choice} auto, required or absent), any of them.
     */
    private static void forceResponseTool(ObjectNode openAi, ObjectNode body, String name) {
        JsonNode schema = openAi.path("response_format").path("json_schema");
        ArrayNode tools = body.has("tools") ? (ArrayNode) body.get("tools") : body.putArray("tools");
        ObjectNode tool = tools.addObject();
        tool.put("name", name);
        tool.put(
                "description",
                schema.path("description").isString()
                        ? schema.get("description").stringValue()
                        : "Gives the answer in the required format.");
        tool.set(
                "input_schema",
                schema.path("schema").isObject()
                        ? schema.get("schema")
                        : NODES.objectNode().put("type", "object"));
        String clientChoice = body.path("tool_choice").path("type").asString("auto");
        boolean clientTools = tools.size() > 1;
        if (clientTools && clientChoice.equals("tool")) return; // the client forces one of its own
        if (clientTools && !clientChoice.equals("none"))
            body.putObject("tool_choice").put("type", "any");
        else body.putObject("tool_choice").put("type", "tool").put("name", name);
    }

    /** An Anthropic message as an OpenAI {@code chat.completion}. */
    ObjectNode completion(ObjectNode message, String model) {
        return completion(message, model, null);
    }

    /**
     * An Anthropic message as an OpenAI {@code chat.completion}; a call of {@code responseTool} (see
     * {@link #responseTool}, null when none) is the answer's content, not a tool call.
     */
    ObjectNode completion(ObjectNode message, String model, String responseTool) {
        ObjectNode completion = NODES.objectNode();
        completion.put("id", message.path("id").asString("msg"));
        completion.put("object", "chat.completion");
        completion.put("created", Instant.now().getEpochSecond());
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode reply = choice.putObject("message");
        reply.put("role", "assistant");
        var text = new StringBuilder();
        ArrayNode toolCalls = NODES.arrayNode();
        String structured = null; // the response tool's input, which is the whole answer
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "tool_use" -> {
                    String input = json.writeValueAsString(block.path("input"));
                    if (block.path("name").asString("").equals(responseTool)) structured = input;
                    else toolCalls.add(toolCall(block, input));
                }
                default -> {
                    // thinking and other blocks have no place in an OpenAI message
                }
            }
        }
        if (structured != null) {
            text.setLength(0);
            text.append(structured);
        }
        if (text.isEmpty() && !toolCalls.isEmpty()) reply.putNull("content");
        else reply.put("content", text.toString());
        if (!toolCalls.isEmpty()) reply.set("tool_calls", toolCalls);
        choice.put(
                "finish_reason",
                finishReason(message.path("stop_reason").asString(null), responseTool != null && toolCalls.isEmpty()));
        completion.set("usage", usage(message.path("usage"), message.path("usage")));
        return completion;
    }

    /** Anthropic's {@code stop_reason} as OpenAI's {@code finish_reason}. */
    static String finishReason(String stopReason) {
        return finishReason(stopReason, false);
    }

    /**
     * @param answeredByResponseTool the only tool called was the response tool: its {@code tool_use}
     *     stop is the answer's end, {@code stop}
     */
    static String finishReason(String stopReason, boolean answeredByResponseTool) {
        if (stopReason == null) return null;
        if (answeredByResponseTool && stopReason.equals("tool_use")) return "stop";
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /**
     * OpenAI usage from Anthropic's: prompt tokens include the cached input (read and written),
     * which Anthropic reports apart.
     */
    static ObjectNode usage(JsonNode input, JsonNode output) {
        long prompt = input.path("input_tokens").asLong(0)
                + input.path("cache_creation_input_tokens").asLong(0)
                + input.path("cache_read_input_tokens").asLong(0);
        long completion = output.path("output_tokens").asLong(0);
        ObjectNode usage = NODES.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    static ObjectNode toolCall(JsonNode toolUse, String arguments) {
        ObjectNode call = NODES.objectNode();
        call.put("id", toolUse.path("id").asString(""));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", toolUse.path("name").asString(""));
        function.put("arguments", arguments);
        return call;
    }

    /**
     * Anthropic keeps the system prompt apart, wants tool results as user content, and wants the
     * roles to alternate: consecutive messages of one role are merged.
     */
    private ArrayNode messages(JsonNode openAiMessages, List<String> system) {
        ArrayNode messages = NODES.arrayNode();
        for (JsonNode message : openAiMessages) {
            String role = message.path("role").asString("");
            switch (role) {
                case "system", "developer" -> system.add(text(message.path("content")));
                case "assistant" -> append(messages, "assistant", assistantContent(message));
                case "tool" -> {
                    ObjectNode result = NODES.objectNode();
                    result.put("type", "tool_result");
                    result.put("tool_use_id", message.path("tool_call_id").asString(""));
                    result.put("content", text(message.path("content")));
                    append(messages, "user", NODES.arrayNode().add(result));
                }
                default -> append(messages, "user", userContent(message.path("content")));
            }
        }
        return messages;
    }

    private static void append(ArrayNode messages, String role, ArrayNode content) {
        if (content.isEmpty()) return;
        if (!messages.isEmpty()) {
            ObjectNode last = (ObjectNode) messages.get(messages.size() - 1);
            if (role.equals(last.path("role").asString())) {
                ((ArrayNode) last.get("content")).addAll(content);
                return;
            }
        }
        ObjectNode message = messages.addObject();
        message.put("role", role);
        message.set("content", content);
    }

    private static ArrayNode userContent(JsonNode content) {
        ArrayNode blocks = NODES.arrayNode();
        if (content.isString()) {
            blocks.add(textBlock(content.stringValue()));
            return blocks;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text" -> blocks.add(textBlock(part.path("text").asString("")));
                case "image_url" ->
                    blocks.add(image(part.path("image_url").path("url").asString("")));
                default -> {
                    // audio and files have no Messages API equivalent here
                }
            }
        }
        return blocks;
    }

    private ArrayNode assistantContent(JsonNode message) {
        ArrayNode blocks = NODES.arrayNode();
        String text = text(message.path("content"));
        if (!text.isEmpty()) blocks.add(textBlock(text));
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode toolUse = blocks.addObject();
            toolUse.put("type", "tool_use");
            toolUse.put("id", call.path("id").asString(""));
            toolUse.put("name", call.path("function").path("name").asString(""));
            toolUse.set(
                    "input", arguments(call.path("function").path("arguments").asString("")));
        }
        return blocks;
    }

    /** Tool-call arguments are a JSON string at OpenAI and an object at Anthropic. */
    private JsonNode arguments(String arguments) {
        if (arguments.isBlank()) return NODES.objectNode();
        try {
            JsonNode parsed = json.readTree(arguments);
            return parsed.isObject() ? parsed : NODES.objectNode();
        } catch (JacksonException e) {
            return NODES.objectNode();
        }
    }

    private static void tools(ObjectNode openAi, ObjectNode body) {
        JsonNode tools = openAi.get("tools");
        if (absent(tools) || tools.isEmpty()) return;
        ArrayNode translated = body.putArray("tools");
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            ObjectNode definition = translated.addObject();
            definition.put("name", function.path("name").asString(""));
            if (function.path("description").isString()) definition.set("description", function.get("description"));
            definition.set(
                    "input_schema",
                    function.path("parameters").isObject()
                            ? function.get("parameters")
                            : NODES.objectNode().put("type", "object"));
        }
        JsonNode choice = openAi.get("tool_choice");
        if (absent(choice)) return;
        if (choice.isString()) {
            switch (choice.stringValue()) {
                case "required" -> body.putObject("tool_choice").put("type", "any");
                case "none" -> body.putObject("tool_choice").put("type", "none");
                default -> body.putObject("tool_choice").put("type", "auto");
            }
        } else if (choice.path("function").path("name").isString()) {
            body.putObject("tool_choice")
                    .put("type", "tool")
                    .put("name", choice.path("function").path("name").stringValue());
        }
    }

    private static ObjectNode textBlock(String text) {
        return NODES.objectNode().put("type", "text").put("text", text);
    }

    /** A data URL becomes an inline base64 image, anything else an image Anthropic fetches. */
    private static ObjectNode image(String url) {
        ObjectNode block = NODES.objectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            source.put("type", "base64");
            source.put("media_type", url.substring("data:".length(), url.indexOf(';')));
            source.put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url");
            source.put("url", url);
        }
        return block;
    }

    private static String text(JsonNode content) {
        if (content.isString()) return content.stringValue();
        var text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                if (!text.isEmpty()) text.append('\n');
                text.append(part.path("text").stringValue());
            }
        }
        return text.toString();
    }

    private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (!absent(value)) to.set(as, value);
    }
}
