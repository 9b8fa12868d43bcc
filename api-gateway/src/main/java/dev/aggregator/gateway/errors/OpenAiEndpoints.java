package dev.aggregator.gateway.errors;

/**
 * The OpenAI-compatible surface. Its clients are OpenAI SDKs, which only understand OpenAI's
 * {@code {"error": {...}}} object; everything else speaks RFC 9457 problems.
 */
public final class OpenAiEndpoints {

    private OpenAiEndpoints() {}

    public static boolean matches(String path) {
        return path.equals("/v1/chat/completions")
                || path.equals("/v1/responses")
                || path.equals("/v1/embeddings")
                || path.equals("/v1/models")
                || path.startsWith("/v1/models/");
    }
}
