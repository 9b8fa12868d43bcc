package dev.aggregator.orchestrator.providers;

import java.time.Instant;
import java.util.UUID;

/** A provider row; {@code encryptedApiKey} is ciphertext (see {@link ProviderKeyCipher}) or null. */
record Provider(
        UUID id,
        String name,
        ProviderType type,
        String baseUrl,
        String encryptedApiKey,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {

    boolean hasApiKey() {
        return encryptedApiKey != null;
    }
}
