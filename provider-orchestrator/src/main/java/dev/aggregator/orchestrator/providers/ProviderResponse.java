package dev.aggregator.orchestrator.providers;

import java.time.Instant;
import java.util.UUID;

/** A provider as the API shows it: whether it has a key, never the key. */
record ProviderResponse(
        UUID id,
        String name,
        String type,
        String baseUrl,
        boolean enabled,
        boolean hasApiKey,
        Instant createdAt,
        Instant updatedAt) {

    static ProviderResponse of(Provider provider) {
        return new ProviderResponse(
                provider.id(),
                provider.name(),
                provider.type().id(),
                provider.baseUrl(),
                provider.enabled(),
                provider.hasApiKey(),
                provider.createdAt(),
                provider.updatedAt());
    }
}
