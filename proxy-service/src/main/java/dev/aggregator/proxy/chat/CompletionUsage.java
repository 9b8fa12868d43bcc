package dev.aggregator.proxy.chat;

import dev.aggregator.proxy.usage.TokenEstimates;
import dev.aggregator.proxy.usage.TokenUsage;
import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes the {@code usage} of OpenAI answers and chunks. */
final class CompletionUsage {

    private CompletionUsage() {}

    /** The provider's counts, or null when it reported none (or only part of them). */
    static TokenUsage reported(JsonNode usage) {
        if (usage == null || !usage.isObject()) return null;
        long prompt = count(usage.path("prompt_tokens"));
        long completion = count(usage.path("completion_tokens"));
        return prompt < 0 || completion < 0 ? null : new TokenUsage(prompt, completion);
    }

    /** A token count, or -1 when the field is missing or not a non-negative integer. */
    private static long count(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0 ? value.longValue() : -1;
    }

    /** The provider's counts; estimated from our prompt estimate and the answer's text when absent. */
    static TokenUsage of(ObjectNode answer, long estimatedPromptTokens) {
        TokenUsage reported = reported(answer.get("usage"));
        if (reported != null) return reported;
        long characters = generatedCharacters(answer.path("choices"), "message");
        return new TokenUsage(estimatedPromptTokens, TokenEstimates.ofCharacters(characters));
    }

    /** Sets {@code usage} (counts and {@code cost}) on an answer, keeping any other usage details. */
    static void write(ObjectNode answer, TokenUsage tokens, BigDecimal cost) {
        ObjectNode usage =
                answer.path("usage").isObject() ? (ObjectNode) answer.get("usage") : answer.putObject("usage");
        usage.put("prompt_tokens", tokens.promptTokens());
        usage.put("completion_tokens", tokens.completionTokens());
        usage.put("total_tokens", tokens.totalTokens());
        usage.put("cost", cost);
    }

    /**
     * Characters the model produced in {@code choices[].<part>} ({@code message} or {@code delta}):
     * text, refusals, reasoning and tool-call arguments all cost completion tokens.
     */
    static long generatedCharacters(JsonNode choices, String part) {
        long characters = 0;
        for (JsonNode choice : choices) {
            JsonNode produced = choice.path(part);
            characters += textLength(produced.path("content"));
            characters += textLength(produced.path("refusal"));
            characters += textLength(produced.path("reasoning"));
            characters += textLength(produced.path("reasoning_content"));
            for (JsonNode call : produced.path("tool_calls")) {
                characters += textLength(call.path("function").path("arguments"));
                characters += textLength(call.path("function").path("name"));
            }
        }
        return characters;
    }

    private static long textLength(JsonNode text) {
        if (text.isString()) return text.stringValue().length();
        long characters = 0;
        if (text.isArray()) {
            for (JsonNode part : text) {
                if (part.path("text").isString())
                    characters += part.path("text").stringValue().length();
            }
        }
        return characters;
    }
}
