package dev.aggregator.proxy.routing;

import java.util.UUID;

/**
 * One key of a provider's pool and its share of the provider's requests. {@code id} is null for
 * the single key of a plan that carries no pool. {@link #toString()} leaves the key out.
 */
public record PoolKey(UUID id, String apiKey, int weight) {

    public PoolKey {
        weight = Math.max(1, weight);
    }

    @Override
    public String toString() {
        return "PoolKey[id=%s, weight=%d]".formatted(id, weight);
    }
}
