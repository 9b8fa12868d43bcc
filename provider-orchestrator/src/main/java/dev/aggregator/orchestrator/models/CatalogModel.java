package dev.aggregator.orchestrator.models;

import java.math.BigDecimal;

/**
 * An entry of {@code GET /v1/models} in OpenAI's shape ({@code id, object, created, owned_by}),
 * with OpenRouter-style extras: the context length and the price of the cheapest enabled offering.
 */
record CatalogModel(String id, String object, long created, String ownedBy, Integer contextLength, Pricing pricing) {

    record Pricing(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {}

    static CatalogModel of(ModelRepository.Listed listed) {
        return new CatalogModel(
                listed.id(),
                "model",
                listed.createdAt().getEpochSecond(),
                "aggregator",
                listed.contextLength(),
                new Pricing(
                        listed.inputPrice().stripTrailingZeros(),
                        listed.outputPrice().stripTrailingZeros()));
    }
}
