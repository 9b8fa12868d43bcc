package dev.aggregator.proxy.embeddings;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.openai.RequestFields;
import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.usage.EmbeddingTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates {@code POST /v1/embeddings} bodies. {@code input} is, as at OpenAI, a string, an array
 * of strings, an array of token ids, or an array of token-id arrays; never empty.
 */
final class EmbeddingsRequests {

    static final int MAX_INPUTS = 2048;

    private EmbeddingsRequests() {}

    static EmbeddingsRequest parse(JsonNode json) {
        ObjectNode body = RequestFields.object(json);
        String model = RequestFields.model(body);
        JsonNode input = input(body);
        return new EmbeddingsRequest(body, model, ProviderOverride.from(body), EmbeddingTokens.of(input));
    }

    private static JsonNode input(ObjectNode body) {
        JsonNode input = body.get("input");
        if (RequestFields.absent(input)) {
            throw OpenAiException.invalidRequest("input", "Missing required parameter: 'input'.");
        }
        if (input.isString()) {
            if (input.stringValue().isEmpty()) throw invalid("'input' must not be an empty string.");
            return input;
        }
        if (!input.isArray() || input.isEmpty() || input.size() > MAX_INPUTS) {
            throw invalid("'input' must be a string or a non-empty array of at most %d items.".formatted(MAX_INPUTS));
        }
        JsonNode first = input.get(0);
        for (JsonNode item : input) {
            boolean valid = first.isString()
                    ? item.isString() && !item.stringValue().isEmpty()
                    : first.isIntegralNumber() ? item.isIntegralNumber() : isTokenArray(item);
            if (!valid) {
                throw invalid("'input' must be a string, an array of non-empty strings, an array of token ids, "
                        + "or an array of token-id arrays.");
            }
        }
        return input;
    }

    private static boolean isTokenArray(JsonNode item) {
        if (!item.isArray() || item.isEmpty()) return false;
        for (JsonNode token : item) {
            if (!token.isIntegralNumber()) return false;
        }
        return true;
    }

    private static OpenAiException invalid(String message) {
        return OpenAiException.invalidRequest("input", message);
    }
}
