package dev.aggregator.proxy.embeddings;

import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.usage.EmbeddingTokens;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated embeddings request: the client's body as received and what the proxy reads from it.
 *
 * @param input its input tokens, bound and estimate
 */
record EmbeddingsRequest(ObjectNode body, String model, ProviderOverride provider, EmbeddingTokens input) {

    /** The tokenizer's estimate for the candidates that may serve the request (the highest). */
    long inputEstimate(List<Candidate> candidates) {
        return input.estimate(
                candidates.stream().map(Candidate::providerModel).distinct().toList());
    }
}
