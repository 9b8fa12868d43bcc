package dev.aggregator.proxy.usage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The input tokens of one embeddings request ({@code input}: a string, strings, token ids or
 * token-id arrays), in two figures as for a chat prompt ({@link PromptTokens}): a {@linkplain
 * #bound() bound} that costs nothing (a string's UTF-8 bytes, as no byte-level tokenizer makes more
 * tokens than bytes, plus one per token id) and an {@linkplain #estimate(String) estimate} counted
 * by the serving model's vocabulary ({@link TextTokens}): {@code cl100k_base} for OpenAI's
 * {@code text-embedding-*} models, half again that count for other vendors'. Token ids are already
 * tokens and count one each. Admission holds the bound when the lease clearly covers it; billing
 * uses the estimate only when the provider reported no count.
 */
public final class EmbeddingTokens {

    private final TextTokens texts;
    private final long tokenIds;

    private EmbeddingTokens(List<String> texts, long tokenIds) {
        this.texts = new TextTokens(() -> texts);
        this.tokenIds = tokenIds;
    }

    /** @param input a validated {@code input}: a string or a non-empty array of one kind of item */
    public static EmbeddingTokens of(JsonNode input) {
        if (input.isString()) return new EmbeddingTokens(List.of(input.stringValue()), 0);
        var texts = new ArrayList<String>();
        long tokenIds = 0;
        for (JsonNode item : input) {
            if (item.isString()) texts.add(item.stringValue());
            else if (item.isArray()) tokenIds += item.size();
            else tokenIds++; // one token id of a single token array
        }
        return new EmbeddingTokens(texts, tokenIds);
    }

    /** No tokenizer can count more. */
    public long bound() {
        return texts.bytes() + tokenIds;
    }

    /** The highest estimate among the models that may serve the request. */
    public long estimate(Collection<String> providerModels) {
        long highest = 0;
        for (String model : providerModels) highest = Math.max(highest, estimate(model));
        return highest;
    }

    /** The input as {@code providerModel} counts it. */
    public long estimate(String providerModel) {
        return texts.count(Vocabulary.of(providerModel)) + tokenIds;
    }
}
