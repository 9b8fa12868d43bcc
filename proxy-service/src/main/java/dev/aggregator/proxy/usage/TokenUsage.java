package dev.aggregator.proxy.usage;

/** Tokens one request consumed, as the provider reported them or as we estimated them. */
public record TokenUsage(long promptTokens, long completionTokens) {

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
