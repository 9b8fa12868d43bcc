package dev.aggregator.mockprovider.simulation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the mock upstream misbehaves by default; every value can be overridden per request with an
 * {@code x-mock-*} header (see {@link MockDirectives}).
 *
 * @param latencyMs delay before the first byte of every {@code /v1/**} answer
 * @param streamChunkDelayMs delay before each content chunk of a streamed completion
 * @param failureRate share of requests (0..1) answered with {@code failureStatus}
 * @param failureStatus the HTTP status of a random failure
 * @param requireApiKey when set, {@code Authorization: Bearer <this>} is required on {@code /v1/**}
 */
@Validated
@ConfigurationProperties("mock")
public record MockProperties(
        @DefaultValue("0") @PositiveOrZero long latencyMs,
        @DefaultValue("0") @PositiveOrZero long streamChunkDelayMs,

        @DefaultValue("0.0") @DecimalMin("0.0") @DecimalMax("1.0")
        double failureRate,

        @DefaultValue("500") @Min(400) @Max(599) int failureStatus,
        @Nullable String requireApiKey) {

    public boolean apiKeyRequired() {
        return requireApiKey != null && !requireApiKey.isBlank();
    }
}
