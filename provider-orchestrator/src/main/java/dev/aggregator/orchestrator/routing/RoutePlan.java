package dev.aggregator.orchestrator.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * The answer to the proxy: the providers to try for a company's request, in order. Every member
 * is sent even when null, so the contract reads the same whatever the data. The first
 * {@code preferredCount} candidates are the company's (or the request's) order and stay first;
 * the proxy ranks the rest by {@code sort} ({@code price}, {@code latency} or
 * {@code throughput}) from the health figures it observes, price order being what this plan has.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record RoutePlan(
        String model,
        Integer contextLength,
        Integer maxOutputTokens,
        boolean allowFallbacks,
        String sort,
        int preferredCount,
        List<Candidate> candidates) {

    /**
     * One provider to try. {@code keys} is its pool, decrypted; {@code apiKey} is the pool's first
     * key (null when the provider needs none), for a reader that knows one key per provider.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Candidate(
            UUID providerId,
            String providerName,
            String providerType,
            String baseUrl,
            String apiKey,
            List<Key> keys,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion,
            BigDecimal inputCostPerMillion,
            BigDecimal outputCostPerMillion) {

        @Override
        public String toString() {
            return "Candidate[providerId=%s, providerName=%s, providerModel=%s, apiKey=<redacted>]"
                    .formatted(providerId, providerName, providerModel);
        }
    }

    /** A key of a provider's pool, decrypted, and its share of the provider's requests. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Key(UUID id, String apiKey, int weight) {

        @Override
        public String toString() {
            return "Key[id=%s, weight=%d, apiKey=<redacted>]".formatted(id, weight);
        }
    }
}
