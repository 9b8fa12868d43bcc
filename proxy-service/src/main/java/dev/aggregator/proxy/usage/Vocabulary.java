package dev.aggregator.proxy.usage;

import java.util.Locale;

/** Which tokenizer counts a provider model's input. */
enum Vocabulary {
    /** {@code o200k_base}: OpenAI's chat models since gpt-4o, the o-series, gpt-5 and gpt-oss. */
    O200K,
    /** {@code cl100k_base}: gpt-4, gpt-4-turbo, gpt-3.5 and OpenAI's embedding models. */
    CL100K,
    /** Any other vendor's model (Claude, Llama, Gemini, Mistral, …): its own, unknown vocabulary. */
    OTHER;

    /** A name at OpenRouter counts without its vendor ({@code openai/gpt-4o}). */
    static Vocabulary of(String providerModel) {
        String model = providerModel == null ? "" : providerModel.toLowerCase(Locale.ROOT);
        model = model.substring(model.lastIndexOf('/') + 1);
        if (model.startsWith("gpt-4o")
                || model.startsWith("chatgpt-4o")
                || model.startsWith("gpt-4.1")
                || model.startsWith("gpt-4.5")
                || model.startsWith("gpt-5")
                || model.startsWith("gpt-oss")
                || model.matches("o[1-9](-.*)?")) {
            return O200K;
        }
        if (model.startsWith("gpt-4") || model.startsWith("gpt-3.5") || model.startsWith("text-embedding-")) {
            return CL100K;
        }
        return OTHER;
    }
}
