package dev.aggregator.proxy.chat;

import dev.aggregator.proxy.usage.GeneratedTokens;
import dev.aggregator.proxy.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.function.LongSupplier;
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

    /**
     * The provider's counts; when absent, our prompt estimate and the answer's text counted with
     * the tokenizer of {@code providerModel}.
     */
    static TokenUsage of(ObjectNode answer, long estimatedPromptTokens, String providerModel) {
        return of(answer, () -> estimatedPromptTokens, providerModel);
    }

    /** As above, the prompt estimate asked for (and so tokenized) only when the provider reported none. */
    static TokenUsage of(ObjectNode answer, LongSupplier estimatedPromptTokens, String providerModel) {
        TokenUsage reported = reported(answer.get("usage"));
        if (reported != null) return reported;
        var generated = GeneratedTokens.forModel(providerModel);
        generatedText(answer.path("choices"), "message", generated);
        return new TokenUsage(estimatedPromptTokens.getAsLong(), generated.tokens());
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
     * Adds the text the model produced in {@code choices[].<part>} ({@code message} or {@code
     * delta}) to {@code generated}: text, refusals, reasoning and tool-call names and arguments all
     * cost completion tokens. Returns the characters added.
     */
    static long generatedText(JsonNode choices, String part, GeneratedTokens generated) {
        long before = generated.characters();
        for (JsonNode choice : choices) {
            JsonNode produced = choice.path(part);
            addText(produced.path("content"), generated);
            addText(produced.path("refusal"), generated);
            addText(produced.path("reasoning"), generated);
            addText(produced.path("reasoning_content"), generated);
            for (JsonNode call : produced.path("tool_calls")) {
                addText(call.path("function").path("name"), generated);
                addText(call.path("function").path("arguments"), generated);
            }
        }
        return generated.characters() - before;
    }

    private static void addText(JsonNode text, GeneratedTokens generated) {
        if (text.isString()) {
            generated.add(text.stringValue());
        } else if (text.isArray()) {
            for (JsonNode part : text) {
                if (part.path("text").isString())
                    generated.add(part.path("text").stringValue());
            }
        }
    }
}
