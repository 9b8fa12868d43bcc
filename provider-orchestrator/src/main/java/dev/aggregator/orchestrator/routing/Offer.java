package dev.aggregator.orchestrator.routing;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** An enabled provider's offering of a model, its keys still encrypted. */
record Offer(
        UUID providerId,
        String providerName,
        String providerType,
        String baseUrl,
        List<PoolKey> keys,
        String providerModel,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion,
        BigDecimal inputCostPerMillion,
        BigDecimal outputCostPerMillion) {

    /** A key of the provider's pool, encrypted. */
    record PoolKey(UUID id, String encryptedApiKey, int weight) {}

    /** What ranks offers by price: a million input tokens plus a million output tokens. */
    BigDecimal pricePerMillion() {
        return inputPricePerMillion.add(outputPricePerMillion);
    }
}
