package dev.aggregator.orchestrator.models;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A model with its offerings, prices and costs, as the platform admin sees it. */
record ModelResponse(
        String id,
        Integer contextLength,
        Integer maxOutputTokens,
        List<Offering> offerings,
        Instant createdAt,
        Instant updatedAt) {

    record Offering(
            UUID providerId,
            String providerName,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion,
            BigDecimal inputCostPerMillion,
            BigDecimal outputCostPerMillion) {}
}
