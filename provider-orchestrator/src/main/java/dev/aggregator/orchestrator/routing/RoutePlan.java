package dev.aggregator.orchestrator.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * The answer to the proxy: the providers to try for a company's request, in order. Every member
 * is sent even when null, so the contract reads the same whatever the data.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record RoutePlan(
        String model,
        Integer contextLength,
        Integer maxOutputTokens,
        boolean allowFallbacks,
        List<Candidate> candidates) {

    /** One provider to try; {@code apiKey} is the decrypted key, null when the provider needs none. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Candidate(
            UUID providerId,
            String providerName,
            String providerType,
            String baseUrl,
            String apiKey,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion) {

        @Override
        public String toString() {
            return "Candidate[providerId=%s, providerName=%s, providerModel=%s, apiKey=<redacted>]"
                    .formatted(providerId, providerName, providerModel);
        }
    }
}
