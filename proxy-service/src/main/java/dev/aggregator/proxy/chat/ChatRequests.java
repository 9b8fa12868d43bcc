package dev.aggregator.proxy.chat;

import static dev.aggregator.proxy.openai.RequestFields.absent;
import static dev.aggregator.proxy.openai.RequestFields.invalidType;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.openai.RequestFields;
import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.usage.PromptTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validates {@code POST /v1/chat/completions} bodies: only what the proxy relies on. */
final class ChatRequests {

    static final int MAX_N = 8;

    private ChatRequests() {}

    /** @param bodyBytes the length of the body as the client sent it, for the prompt estimate */
    static ChatRequest parse(JsonNode json, long bodyBytes) {
        ObjectNode body = RequestFields.object(json);
        String model = RequestFields.model(body);
        messages(body);
        Integer maxTokens = RequestFields.optionalInt(body.get("max_tokens"), "max_tokens", 1, Integer.MAX_VALUE);
        Integer maxCompletionTokens = RequestFields.optionalInt(
                body.get("max_completion_tokens"), "max_completion_tokens", 1, Integer.MAX_VALUE);
        Boolean stream = RequestFields.optionalBoolean(body, "stream");
        Integer n = RequestFields.optionalInt(body.get("n"), "n", 1, MAX_N);
        return new ChatRequest(
                body,
                model,
                Boolean.TRUE.equals(stream),
                includeUsage(body),
                maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                n == null ? 1 : n,
                ProviderOverride.from(body),
                PromptTokens.of(bodyBytes, body));
    }

    private static void messages(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (absent(messages)) {
            throw OpenAiException.invalidRequest("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw OpenAiException.invalidRequest("messages", "Invalid 'messages': expected a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[%d]".formatted(i);
            if (!message.isObject()) throw invalidType(param, "an object");
            JsonNode role = message.get("role");
            if (absent(role)) {
                throw OpenAiException.invalidRequest(
                        param + ".role", "Missing required parameter: '%s.role'.".formatted(param));
            }
            if (!role.isString() || role.stringValue().isBlank()) throw invalidType(param + ".role", "a string");
        }
    }

    /** {@code stream_options.include_usage}: whether the client wants the final usage chunk. */
    private static boolean includeUsage(ObjectNode body) {
        JsonNode options = body.get("stream_options");
        if (absent(options)) return false;
        if (!options.isObject()) throw invalidType("stream_options", "an object");
        JsonNode include = options.get("include_usage");
        if (absent(include)) return false;
        if (!include.isBoolean()) throw invalidType("stream_options.include_usage", "a boolean");
        return include.booleanValue();
    }
}
