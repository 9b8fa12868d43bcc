package dev.aggregator.proxy.routing;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * One provider that can serve a model, with the credentials to call it and the prices the company
 * pays per million tokens through it. {@code keys} is the provider's pool; {@code apiKey} is the
 * key an attempt uses (the router picks one of the pool per attempt, see {@link #withKey}).
 * {@code inputCostPerMillion}/{@code outputCostPerMillion} are what the provider charges the
 * platform, null when the catalogue does not know. {@link #toString()} leaves the keys out, so a
 * candidate can be logged.
 */
public record Candidate(
        UUID providerId,
        String providerName,
        String providerType,
        String baseUrl,
        String apiKey,
        List<PoolKey> keys,
        String providerModel,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion,
        BigDecimal inputCostPerMillion,
        BigDecimal outputCostPerMillion) {

    public Candidate {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** A candidate with one key (or none): what a plan without a pool means. */
    public Candidate(
            UUID providerId,
            String providerName,
            String providerType,
            String baseUrl,
            String apiKey,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion) {
        this(
                providerId,
                providerName,
                providerType,
                baseUrl,
                apiKey,
                List.of(),
                providerModel,
                inputPricePerMillion,
                outputPricePerMillion,
                null,
                null);
    }

    /** A candidate with a key pool and no known costs. */
    public Candidate(
            UUID providerId,
            String providerName,
            String providerType,
            String baseUrl,
            String apiKey,
            List<PoolKey> keys,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion) {
        this(
                providerId,
                providerName,
                providerType,
                baseUrl,
                apiKey,
                keys,
                providerModel,
                inputPricePerMillion,
                outputPricePerMillion,
                null,
                null);
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** The keys to spread requests over: the pool, or the one key, or none. */
    public List<PoolKey> pool() {
        if (!keys.isEmpty()) return keys;
        return hasApiKey() ? List.of(new PoolKey(null, apiKey, 1)) : List.of();
    }

    /** This candidate calling with {@code key}. */
    public Candidate withKey(PoolKey key) {
        return new Candidate(
                providerId,
                providerName,
                providerType,
                baseUrl,
                key.apiKey(),
                keys,
                providerModel,
                inputPricePerMillion,
                outputPricePerMillion,
                inputCostPerMillion,
                outputCostPerMillion);
    }

    /** {@code base_url} joined with a path such as {@code /chat/completions}, without a double slash. */
    public String url(String path) {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) + path : baseUrl + path;
    }

    @Override
    public String toString() {
        return "Candidate[provider=%s (%s, %s), model=%s]"
                .formatted(providerName, providerId, providerType, providerModel);
    }
}
