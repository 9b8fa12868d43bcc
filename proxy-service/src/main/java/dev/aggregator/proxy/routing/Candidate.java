package dev.aggregator.proxy.routing;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One provider that can serve a model, with the credentials to call it and the prices the company
 * pays per million tokens through it. {@link #toString()} leaves the key out, so a candidate can
 * be logged.
 */
public record Candidate(
        UUID providerId,
        String providerName,
        String providerType,
        String baseUrl,
        String apiKey,
        String providerModel,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion) {

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
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
