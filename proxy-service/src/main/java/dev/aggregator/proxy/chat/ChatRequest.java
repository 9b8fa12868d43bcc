package dev.aggregator.proxy.chat;

import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.routing.RoutePlan;
import dev.aggregator.proxy.usage.TokenEstimates;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated chat request: the client's body as received (forwarded nearly verbatim) and what the
 * proxy reads from it.
 *
 * @param requestedMaxTokens {@code max_completion_tokens}, else {@code max_tokens}, else null
 * @param estimatedPromptTokens see {@link TokenEstimates#promptTokens}; uncapped, {@link
 *     #promptTokens} is what is reserved and billed
 */
public record ChatRequest(
        ObjectNode body,
        String model,
        boolean stream,
        boolean includeUsage,
        Integer requestedMaxTokens,
        int n,
        ProviderOverride provider,
        long estimatedPromptTokens) {

    /**
     * The prompt estimate the request is reserved and, without reported usage, billed for: no
     * prompt is longer than the model's context.
     */
    long promptTokens(RoutePlan plan) {
        return TokenEstimates.capped(estimatedPromptTokens, plan.contextLength());
    }

    /**
     * The output bound of one choice: the request's, else the model's, else the platform default.
     * It is also what the provider is told (see {@code ProviderAdapter#complete}), so no choice can
     * cost more than was reserved for it.
     */
    long maxTokensPerChoice(RoutePlan plan, int defaultMaxOutputTokens) {
        if (requestedMaxTokens != null) return requestedMaxTokens;
        if (plan.maxOutputTokens() != null) return plan.maxOutputTokens();
        return defaultMaxOutputTokens;
    }

    /** The most output tokens the request can produce, all choices together. */
    long maxOutputTokens(RoutePlan plan, int defaultMaxOutputTokens) {
        return maxTokensPerChoice(plan, defaultMaxOutputTokens) * n;
    }
}
