package dev.aggregator.mockprovider.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The part of OpenAI's chat request the mock looks at; every other field (temperature, tools, …)
 * is accepted and ignored, as a lenient upstream would.
 */
record ChatCompletionRequest(
        @NotBlank(message = "you must provide a model parameter")
        String model,

        @NotEmpty(message = "messages must be a non-empty array")
        List<@NotNull @Valid ChatMessage> messages,

        @Positive @Nullable Integer maxTokens,
        @Positive @Nullable Integer maxCompletionTokens,
        @Nullable Boolean stream,
        @Nullable StreamOptions streamOptions) {

    /**
     * @param content a string, an array of content parts ({@code {type: "text", text}}), or null
     *     (an assistant turn that only called tools)
     */
    record ChatMessage(
            @NotBlank(message = "each message needs a role") String role,
            @Nullable JsonNode content) {}

    record StreamOptions(@Nullable Boolean includeUsage) {}

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** {@code max_completion_tokens} replaced {@code max_tokens} in OpenAI's API; both are honoured. */
    @Nullable
    Integer tokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}
