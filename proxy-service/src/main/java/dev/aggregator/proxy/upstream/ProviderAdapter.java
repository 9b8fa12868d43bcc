package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Speaks one provider API. Requests and answers are OpenAI's shape on this side whatever the
 * provider speaks. Every method either returns a successful answer or throws
 * {@link UpstreamFailure}; the request body passed in is the client's and is never modified.
 */
public interface ProviderAdapter {

    /** The {@code provider_type}s this adapter serves. */
    Set<String> providerTypes();

    /**
     * A non-streamed chat completion.
     *
     * @param maxTokens the output limit of one choice the request was reserved for; the provider
     *     is always told exactly this limit, whatever the client's body says
     */
    ObjectNode complete(Candidate candidate, ObjectNode request, long maxTokens);

    /**
     * A streamed chat completion whose first chunk has already arrived.
     *
     * @param maxTokens as for {@link #complete}
     */
    ChunkStream stream(Candidate candidate, ObjectNode request, long maxTokens);

    boolean supportsEmbeddings();

    ObjectNode embed(Candidate candidate, ObjectNode request);
}
