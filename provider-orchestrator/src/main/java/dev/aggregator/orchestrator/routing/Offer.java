package dev.aggregator.orchestrator.routing;

import java.math.BigDecimal;
import java.util.UUID;

/** An enabled provider's offering of a model, its key still encrypted. */
record Offer(
        UUID providerId,
        String providerName,
        String providerType,
        String baseUrl,
        String encryptedApiKey,
        String providerModel,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion) {

    /** What ranks offers by price: a million input tokens plus a million output tokens. */
    BigDecimal pricePerMillion() {
        return inputPricePerMillion.add(outputPricePerMillion);
    }
}
