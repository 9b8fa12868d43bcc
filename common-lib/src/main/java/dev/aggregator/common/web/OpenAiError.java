package dev.aggregator.common.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of the OpenAI-compatible endpoints: {@code {"error": {"message", "type", "param",
 * "code"}}}, so that OpenAI SDKs raise their usual exceptions. OpenAI always sends all four
 * members, null or not, and some SDKs expect them, hence the explicit inclusion.
 */
public record OpenAiError(Detail error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {}

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Detail(message, type, param, code));
    }
}
