package dev.aggregator.proxy.embeddings;

import dev.aggregator.proxy.routing.ProviderOverride;
import tools.jackson.databind.node.ObjectNode;

/** A validated embeddings request: the client's body as received and what the proxy reads from it. */
record EmbeddingsRequest(ObjectNode body, String model, ProviderOverride provider, long estimatedTokens) {}
