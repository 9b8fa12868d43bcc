package dev.aggregator.common.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much the outbox relay publishes at once, and how often it polls for rows that no commit of
 * this instance woke it for (another instance's, or a failed attempt's).
 */
@Validated
@ConfigurationProperties("aggregator.outbox")
public record OutboxProperties(
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @Min(1) @Max(1000) @DefaultValue("200") int batchSize,
        @NotNull @DefaultValue("5s") Duration confirmTimeout) {}
