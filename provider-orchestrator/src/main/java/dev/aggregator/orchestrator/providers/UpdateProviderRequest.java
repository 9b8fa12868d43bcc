package dev.aggregator.orchestrator.providers;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /v1/providers/{id}}: absent (or null) fields stay as they are. An empty
 * {@code api_key} removes the key, which only an {@code openai_compatible} provider may do without.
 */
record UpdateProviderRequest(
        @Pattern(regexp = ProviderNames.PATTERN, message = ProviderNames.MESSAGE)
        String name,

        @Size(max = 500) @BaseUrl String baseUrl,

        @Size(max = 500) @Pattern(regexp = ProviderNames.API_KEY_PATTERN, message = ProviderNames.API_KEY_MESSAGE)
        String apiKey,

        Boolean enabled) {

    @Override
    public String toString() {
        return "UpdateProviderRequest[name=%s, baseUrl=%s, apiKey=<redacted>, enabled=%s]"
                .formatted(name, baseUrl, enabled);
    }
}
