package dev.aggregator.proxy.chat;

import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.routing.RoutePlan;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated chat request: the client's body as received (forwarded nearly verbatim) and what the
 * proxy reads from it.
 *
 * @param requestedMaxTokens {@code max_completion_tokens}, else {@code max_tokens}, else null
 * @param estimatedPromptTokens see {@link dev.aggregator.proxy.usage.TokenEstimates#promptTokens}
 */
record ChatRequest(
        ObjectNode body,
        String model,
        boolean stream,
        boolean includeUsage,
        Integer requestedMaxTokens,
        int n,
        ProviderOverride provider,
        long estimatedPromptTokens) {

    /** The output bound of one choice: the request's, else the model's, else the platform default. */
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
