package dev.aggregator.mockprovider.embeddings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * @param input a string or an array of strings
 * @param dimensions vector length (OpenAI's text-embedding-3 option); 8 when absent
 * @param encodingFormat {@code float} (default) or {@code base64} — OpenAI's Python SDK asks for
 *     base64 unless told otherwise
 */
record EmbeddingsRequest(
        @NotBlank(message = "you must provide a model parameter")
        String model,

        @NotNull(message = "you must provide an input parameter")
        JsonNode input,

        @Positive @Max(3072) @Nullable Integer dimensions,
        @Nullable String encodingFormat) {}
