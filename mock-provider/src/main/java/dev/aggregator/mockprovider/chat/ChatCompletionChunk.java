package dev.aggregator.mockprovider.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code chat.completion.chunk}. {@code finish_reason} is always written (null until the
 * last choice chunk), as OpenAI does; {@code usage} only appears on the final usage chunk.
 */
record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Usage usage) {

    private static final String OBJECT = "chat.completion.chunk";

    record Choice(int index, Delta delta, @Nullable String finishReason) {}

    /** Absent fields are left out, so the closing chunk's delta is {@code {}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(@Nullable String role, @Nullable String content) {}

    static ChatCompletionChunk role(String id, long created, String model) {
        return choice(id, created, model, new Delta("assistant", ""), null);
    }

    static ChatCompletionChunk content(String id, long created, String model, String piece) {
        return choice(id, created, model, new Delta(null, piece), null);
    }

    static ChatCompletionChunk finish(String id, long created, String model, String finishReason) {
        return choice(id, created, model, new Delta(null, null), finishReason);
    }

    static ChatCompletionChunk usage(String id, long created, String model, Usage usage) {
        return new ChatCompletionChunk(id, OBJECT, created, model, List.of(), usage);
    }

    private static ChatCompletionChunk choice(
            String id, long created, String model, Delta delta, @Nullable String finishReason) {
        return new ChatCompletionChunk(id, OBJECT, created, model, List.of(new Choice(0, delta, finishReason)), null);
    }
}
