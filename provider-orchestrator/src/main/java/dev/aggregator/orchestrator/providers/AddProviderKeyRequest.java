package dev.aggregator.orchestrator.providers;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/providers/{id}/keys}: a key for the provider's pool; {@code weight} defaults to 1. */
record AddProviderKeyRequest(
        @NotBlank
        @Size(max = 500)
        @Pattern(regexp = ProviderNames.API_KEY_PATTERN, message = ProviderNames.API_KEY_MESSAGE)
        String apiKey,

        @Min(1) @Max(1000) Integer weight) {

    @Override
    public String toString() {
        return "AddProviderKeyRequest[apiKey=<redacted>, weight=%s]".formatted(weight);
    }
}
