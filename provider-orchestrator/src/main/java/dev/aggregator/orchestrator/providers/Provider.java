package dev.aggregator.orchestrator.providers;

import java.time.Instant;
import java.util.UUID;

/** A provider row; {@code hasApiKey} says whether its key pool ({@link ProviderKeyRepository}) has a key. */
record Provider(
        UUID id,
        String name,
        ProviderType type,
        String baseUrl,
        boolean hasApiKey,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {}
