package dev.aggregator.mockprovider.error;

import org.jspecify.annotations.Nullable;

/** {@code {"error": {"message", "type", "param", "code"}}} — what OpenAI SDKs parse into exceptions. */
public record OpenAiError(Detail error) {

    public record Detail(
            String message,
            String type,
            @Nullable String param,
            @Nullable String code) {}

    public static OpenAiError of(String message, String type, @Nullable String param, @Nullable String code) {
        return new OpenAiError(new Detail(message, type, param, code));
    }
}
