package dev.aggregator.proxy.responses;

import static dev.aggregator.proxy.openai.RequestFields.absent;
import static dev.aggregator.proxy.openai.RequestFields.invalidType;

import dev.aggregator.proxy.chat.ChatRequest;
import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.openai.RequestFields;
import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.usage.PromptTokens;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates {@code POST /v1/responses} bodies and translates them into the chat completion they are
 * served as. Stateless: {@code store} is accepted and ignored, and whatever needs a stored
 * response or conversation ({@code previous_response_id}, {@code conversation}, {@code
 * background}) is a 400. Function tools become chat tools; OpenAI's hosted tools (web search, file
 * search, …) exist at no chat provider and are a 400 too.
 *
 * <p>Nothing of the prompt is logged or echoed in an error message.
 */
final class ResponsesRequests {

    /** The settings a response object repeats from its request. */
    private static final Set<String> REPEATED = Set.of(
            "instructions",
            "max_output_tokens",
            "metadata",
            "parallel_tool_calls",
            "reasoning",
            "temperature",
            "text",
            "tool_choice",
            "tools",
            "top_p",
            "truncation",
            "user");

    private ResponsesRequests() {}

    /** @param bodyBytes the length of the body as the client sent it, for the prompt estimate */
    static ResponsesRequest parse(ObjectNode body, long bodyBytes) {
        String model = RequestFields.model(body);
        stateless(body);
        RequestFields.optionalBoolean(body, "store"); // accepted, never stored
        Boolean stream = RequestFields.optionalBoolean(body, "stream");
        Integer maxOutputTokens =
                RequestFields.optionalInt(body.get("max_output_tokens"), "max_output_tokens", 1, Integer.MAX_VALUE);

        ObjectNode chat = body.objectNode();
        chat.put("model", model);
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = body.get("instructions");
        if (!absent(instructions)) {
            if (!instructions.isString()) throw invalidType("instructions", "a string");
            messages.addObject().put("role", "system").put("content", instructions.stringValue());
        }
        input(body.get("input"), messages);
        if (messages.isEmpty()) {
            throw OpenAiException.invalidRequest("input", "Invalid 'input': expected at least one message.");
        }
        number(body, "temperature", chat);
        number(body, "top_p", chat);
        tools(body, chat);
        toolChoice(body, chat);
        RequestFields.optionalBoolean(body, "parallel_tool_calls");
        copyIfPresent(body, "parallel_tool_calls", chat);
        text(body, chat);
        reasoning(body, chat);
        JsonNode user = body.get("user");
        if (!absent(user)) {
            if (!user.isString()) throw invalidType("user", "a string");
            chat.set("user", user);
        }
        copyIfPresent(body, "provider", chat); // our extension, read by ProviderOverride
        if (Boolean.TRUE.equals(stream)) chat.put("stream", true);

        ObjectNode settings = body.objectNode();
        for (String name : REPEATED) {
            if (!absent(body.get(name))) settings.set(name, body.get(name));
        }
        var request = new ChatRequest(
                chat,
                model,
                Boolean.TRUE.equals(stream),
                false,
                maxOutputTokens,
                1,
                ProviderOverride.from(chat),
                PromptTokens.of(bodyBytes, chat));
        return new ResponsesRequest(request, settings);
    }

    private static void stateless(ObjectNode body) {
        if (!absent(body.get("previous_response_id"))) {
            throw OpenAiException.invalidRequest(
                    "previous_response_id",
                    "Responses are not stored on this platform, so 'previous_response_id' is not supported: "
                            + "send the whole conversation in 'input' instead.");
        }
        if (!absent(body.get("conversation"))) {
            throw OpenAiException.invalidRequest(
                    "conversation",
                    "Conversations are not stored on this platform: send the whole conversation in 'input' instead.");
        }
        JsonNode background = body.get("background");
        if (!absent(background) && !(background.isBoolean() && !background.booleanValue())) {
            throw OpenAiException.invalidRequest(
                    "background", "Background responses are not supported: responses are not stored.");
        }
    }

    /** {@code input}: a string (one user message) or a list of input items. */
    private static void input(JsonNode input, ArrayNode messages) {
        if (absent(input)) throw OpenAiException.invalidRequest("input", "Missing required parameter: 'input'.");
        if (input.isString()) {
            messages.addObject().put("role", "user").put("content", input.stringValue());
            return;
        }
        if (!input.isArray()) throw invalidType("input", "a string or an array of input items");
        ObjectNode pendingCalls = null; // the assistant message collecting consecutive function calls
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[%d]".formatted(i);
            if (!item.isObject()) throw invalidType(param, "an object");
            String type = item.path("type").isString() ? item.path("type").stringValue() : "message";
            switch (type) {
                case "message" -> {
                    pendingCalls = null;
                    messages.add(message(item, param));
                }
                case "function_call" -> {
                    if (pendingCalls == null) {
                        pendingCalls = messages.addObject().put("role", "assistant");
                        pendingCalls.putNull("content");
                        pendingCalls.putArray("tool_calls");
                    }
                    ObjectNode call = ((ArrayNode) pendingCalls.get("tool_calls")).addObject();
                    call.put("id", requiredString(item, "call_id", param));
                    call.put("type", "function");
                    call.putObject("function")
                            .put("name", requiredString(item, "name", param))
                            .put("arguments", requiredString(item, "arguments", param));
                }
                case "function_call_output" -> {
                    pendingCalls = null;
                    JsonNode output = item.get("output");
                    if (absent(output)) {
                        throw OpenAiException.invalidRequest(
                                param + ".output", "Missing required parameter: '%s.output'.".formatted(param));
                    }
                    ObjectNode result = messages.addObject()
                            .put("role", "tool")
                            .put("tool_call_id", requiredString(item, "call_id", param));
                    if (output.isString()) result.put("content", output.stringValue());
                    else if (output.isArray()) result.set("content", contentParts(output, param + ".output"));
                    else throw invalidType(param + ".output", "a string or an array of content parts");
                }
                default ->
                    throw OpenAiException.invalidRequest(
                            param + ".type",
                            "Input items of type '%s' are not supported: responses are served through chat completions."
                                    .formatted(safe(type)));
            }
        }
    }

    private static ObjectNode message(JsonNode item, String param) {
        JsonNode role = item.get("role");
        if (absent(role)) {
            throw OpenAiException.invalidRequest(
                    param + ".role", "Missing required parameter: '%s.role'.".formatted(param));
        }
        String name = role.isString() ? role.stringValue() : "";
        if (!Set.of("user", "assistant", "system", "developer").contains(name)) {
            throw OpenAiException.invalidRequest(
                    param + ".role",
                    "Invalid value for '%s.role': expected one of 'user', 'assistant', 'system' or 'developer'."
                            .formatted(param));
        }
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        // "developer" is OpenAI's newer name for "system", which every chat provider knows.
        message.put("role", name.equals("developer") ? "system" : name);
        JsonNode content = item.get("content");
        if (absent(content)) {
            throw OpenAiException.invalidRequest(
                    param + ".content", "Missing required parameter: '%s.content'.".formatted(param));
        }
        if (content.isString()) message.put("content", content.stringValue());
        else if (content.isArray()) message.set("content", contentParts(content, param + ".content"));
        else throw invalidType(param + ".content", "a string or an array of content parts");
        return message;
    }

    /** Responses content parts as chat content parts. */
    private static ArrayNode contentParts(JsonNode parts, String param) {
        ArrayNode chat = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String partParam = "%s[%d]".formatted(param, i);
            if (!part.isObject()) throw invalidType(partParam, "an object");
            String type = part.path("type").asString("");
            switch (type) {
                case "input_text", "output_text", "text" ->
                    chat.addObject().put("type", "text").put("text", requiredString(part, "text", partParam));
                case "refusal" ->
                    chat.addObject().put("type", "text").put("text", requiredString(part, "refusal", partParam));
                case "input_image" -> {
                    JsonNode url = part.get("image_url");
                    if (absent(url) || !url.isString()) {
                        throw OpenAiException.invalidRequest(
                                partParam + ".image_url",
                                "Only images given by 'image_url' are supported: files are not stored on this platform.");
                    }
                    ObjectNode image = chat.addObject().put("type", "image_url").putObject("image_url");
                    image.put("url", url.stringValue());
                    if (part.path("detail").isString())
                        image.put("detail", part.path("detail").stringValue());
                }
                case "input_file" -> {
                    ObjectNode file = chat.addObject().put("type", "file").putObject("file");
                    copyIfPresent(part, "file_data", file);
                    copyIfPresent(part, "filename", file);
                    copyIfPresent(part, "file_id", file);
                }
                default ->
                    throw OpenAiException.invalidRequest(
                            partParam + ".type", "Content parts of type '%s' are not supported.".formatted(safe(type)));
            }
        }
        return chat;
    }

    /** Function tools, the only kind a chat provider runs: {@code {type, name, …}} to {@code {type, function}}. */
    private static void tools(ObjectNode body, ObjectNode chat) {
        JsonNode tools = body.get("tools");
        if (absent(tools)) return;
        if (!tools.isArray()) throw invalidType("tools", "an array");
        if (tools.isEmpty()) return;
        ArrayNode translated = chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String param = "tools[%d]".formatted(i);
            if (!tool.isObject()) throw invalidType(param, "an object");
            String type = tool.path("type").asString("");
            if (!type.equals("function")) {
                throw OpenAiException.invalidRequest(
                        param + ".type",
                        "Tools of type '%s' are not supported: only 'function' tools are.".formatted(safe(type)));
            }
            ObjectNode function = translated.addObject().put("type", "function").putObject("function");
            function.put("name", requiredString(tool, "name", param));
            copyIfPresent(tool, "description", function);
            copyIfPresent(tool, "parameters", function);
            copyIfPresent(tool, "strict", function);
        }
    }

    /** {@code "auto"|"none"|"required"}, or {@code {type: "function", name}}. */
    private static void toolChoice(ObjectNode body, ObjectNode chat) {
        JsonNode choice = body.get("tool_choice");
        if (absent(choice)) return;
        if (choice.isString()) {
            String mode = choice.stringValue();
            if (!Set.of("auto", "none", "required").contains(mode)) {
                throw OpenAiException.invalidRequest(
                        "tool_choice", "Invalid value for 'tool_choice': expected 'auto', 'none' or 'required'.");
            }
            chat.put("tool_choice", mode);
            return;
        }
        if (choice.isObject() && "function".equals(choice.path("type").asString(""))) {
            chat.putObject("tool_choice")
                    .put("type", "function")
                    .putObject("function")
                    .put("name", requiredString(choice, "name", "tool_choice"));
            return;
        }
        throw OpenAiException.invalidRequest(
                "tool_choice",
                "Invalid value for 'tool_choice': expected 'auto', 'none', 'required' or a function tool.");
    }

    /** {@code text.format}: plain text, a JSON object, or a JSON schema, as chat's {@code response_format}. */
    private static void text(ObjectNode body, ObjectNode chat) {
        JsonNode text = body.get("text");
        if (absent(text)) return;
        if (!text.isObject()) throw invalidType("text", "an object");
        JsonNode format = text.get("format");
        if (absent(format)) return;
        if (!format.isObject()) throw invalidType("text.format", "an object");
        switch (format.path("type").asString("")) {
            case "text" -> {}
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format")
                        .put("type", "json_schema")
                        .putObject("json_schema");
                schema.put("name", requiredString(format, "name", "text.format"));
                copyIfPresent(format, "description", schema);
                copyIfPresent(format, "schema", schema);
                copyIfPresent(format, "strict", schema);
            }
            default ->
                throw OpenAiException.invalidRequest(
                        "text.format.type",
                        "Invalid value for 'text.format.type': expected 'text', 'json_object' or 'json_schema'.");
        }
        JsonNode verbosity = text.get("verbosity");
        if (!absent(verbosity)) chat.set("verbosity", verbosity);
    }

    private static void reasoning(ObjectNode body, ObjectNode chat) {
        JsonNode reasoning = body.get("reasoning");
        if (absent(reasoning)) return;
        if (!reasoning.isObject()) throw invalidType("reasoning", "an object");
        JsonNode effort = reasoning.get("effort");
        if (!absent(effort)) {
            if (!effort.isString()) throw invalidType("reasoning.effort", "a string");
            chat.set("reasoning_effort", effort);
        }
    }

    private static void number(ObjectNode body, String name, ObjectNode chat) {
        JsonNode value = body.get(name);
        if (absent(value)) return;
        if (!value.isNumber()) throw invalidType(name, "a number");
        chat.set(name, value);
    }

    private static String requiredString(JsonNode item, String field, String param) {
        JsonNode value = item.get(field);
        String path = param + "." + field;
        if (absent(value)) {
            throw OpenAiException.invalidRequest(path, "Missing required parameter: '%s'.".formatted(path));
        }
        if (!value.isString()) throw invalidType(path, "a string");
        return value.stringValue();
    }

    private static void copyIfPresent(JsonNode from, String field, ObjectNode to) {
        JsonNode value = from.get(field);
        if (!absent(value)) to.set(field, value);
    }

    /** A client-sent type name, echoed only if it looks like one (never a chunk of prompt). */
    private static String safe(String type) {
        return type.matches("[a-z_.0-9-]{1,40}") ? type : "?";
    }
}
