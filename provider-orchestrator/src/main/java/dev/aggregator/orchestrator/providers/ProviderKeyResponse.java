package dev.aggregator.orchestrator.providers;

import java.util.List;
import java.util.UUID;

/**
 * A key of a provider's pool as the API shows it: its last four characters, never the key.
 * {@code status} is {@code resting} while a provider's 401/403/429 keeps it out of use on every
 * proxy instance (for its {@code Retry-After}, else 60 s), else {@code active}.
 */
record ProviderKeyResponse(UUID id, int weight, String status, String last4) {

    record KeyList(List<ProviderKeyResponse> data) {}

    static String last4(String apiKey) {
        return apiKey.length() <= 4 ? "" : apiKey.substring(apiKey.length() - 4);
    }
}
