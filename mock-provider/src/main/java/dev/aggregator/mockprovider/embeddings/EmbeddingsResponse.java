package dev.aggregator.mockprovider.embeddings;

import java.util.List;

/** OpenAI's embeddings list. */
record EmbeddingsResponse(String object, List<Embedding> data, String model, Usage usage) {

    /** @param embedding a {@code float[]}, or a base64 string of little-endian float32s */
    record Embedding(String object, int index, Object embedding) {}

    record Usage(int promptTokens, int totalTokens) {}

    static EmbeddingsResponse of(List<Embedding> data, String model, int promptTokens) {
        return new EmbeddingsResponse("list", data, model, new Usage(promptTokens, promptTokens));
    }
}
