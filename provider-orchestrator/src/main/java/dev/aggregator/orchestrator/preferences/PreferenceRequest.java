package dev.aggregator.orchestrator.preferences;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PUT /v1/preferences/models/{model}}: providers to try first, in order; whether others
 * may serve the model when those fail; providers never to use; how the other providers are ranked
 * ({@code price} when absent, {@code latency}, {@code throughput}). Names are case-insensitive.
 */
record PreferenceRequest(
        @NotNull @Size(max = 50) List<@NotBlank @Size(max = 100) String> order,
        @NotNull Boolean allowFallbacks,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> deny,

        @Pattern(regexp = "price|latency|throughput", message = "must be one of price, latency, throughput")
        String sort) {

    List<String> denyOrEmpty() {
        return deny == null ? List.of() : deny;
    }
}
