package dev.aggregator.orchestrator.providers;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/providers}. {@code enabled} defaults to true. */
record CreateProviderRequest(
        @NotNull @Pattern(regexp = ProviderNames.PATTERN, message = ProviderNames.MESSAGE)
        String name,

        @NotNull @Pattern(regexp = ProviderType.PATTERN, message = "must be one of " + ProviderType.PATTERN)
        String type,

        @NotBlank @Size(max = 500) @BaseUrl String baseUrl,

        @Size(max = 500) @Pattern(regexp = ProviderNames.API_KEY_PATTERN, message = ProviderNames.API_KEY_MESSAGE)
        String apiKey,

        Boolean enabled) {

    @Override
    public String toString() {
        return "CreateProviderRequest[name=%s, type=%s, baseUrl=%s, apiKey=<redacted>, enabled=%s]"
                .formatted(name, type, baseUrl, enabled);
    }
}
