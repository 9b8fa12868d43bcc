package dev.aggregator.proxy.chat;

import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.routing.RoutePlan;
import dev.aggregator.proxy.usage.PromptTokens;
import dev.aggregator.proxy.usage.TokenEstimates;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated chat request: the client's body as received (forwarded nearly verbatim) and what the
 * proxy reads from it.
 *
 * @param requestedMaxTokens {@code max_completion_tokens}, else {@code max_tokens}, else null
 * @param prompt its prompt tokens, bound and estimate; uncapped, the methods below cap them at the
 *     model's context length
 */
public record ChatRequest(
        ObjectNode body,
        String model,
        boolean stream,
        boolean includeUsage,
        Integer requestedMaxTokens,
        int n,
        ProviderOverride provider,
        PromptTokens prompt) {

    /**
     * What admission holds first, at no cost: {@link PromptTokens#bound()}, as no prompt is longer
     * than the model's context.
     */
    long promptBound(RoutePlan plan) {
        return TokenEstimates.capped(prompt.bound(), plan.contextLength());
    }

    /**
     * The tokenizer's estimate for the candidates that may serve the request (the highest): what
     * admission holds when the bound does not clearly fit.
     */
    long promptEstimate(RoutePlan plan, List<Candidate> candidates) {
        return TokenEstimates.capped(
                prompt.estimate(candidates.stream()
                        .map(Candidate::providerModel)
                        .distinct()
                        .toList()),
                plan.contextLength());
    }

    /** The estimate billed when {@code candidate}, having served the request, reported no prompt count. */
    long promptEstimate(RoutePlan plan, Candidate candidate) {
        return TokenEstimates.capped(prompt.estimate(candidate.providerModel()), plan.contextLength());
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
