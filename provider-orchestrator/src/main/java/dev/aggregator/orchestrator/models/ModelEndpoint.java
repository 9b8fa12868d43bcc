package dev.aggregator.orchestrator.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /v1/models/{model}/endpoints}: a provider serving the model, its prices and its
 * health over the last 5 minutes (figures null when it had no calls).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelEndpoint(
        String provider,
        String providerModel,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion,
        Integer contextLength,
        String status,
        Long latencyP50Ms,
        Double throughputTokensPerS) {

    record EndpointList(List<ModelEndpoint> data) {}
}
