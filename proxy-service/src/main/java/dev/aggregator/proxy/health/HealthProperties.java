package dev.aggregator.proxy.health;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Provider health shared by every proxy instance through Redis ({@code aggregator.proxy.health}).
 *
 * @param failuresToMarkDown consecutive failed calls (5xx, timeouts, connect errors, across all
 *     instances) that mark a provider down for everyone
 * @param coolDown how long a provider marked down is skipped before one probe is let through
 * @param probeTimeout how long one instance holds the probe before another may try
 * @param flushInterval how often outcomes are written to Redis, batched and pipelined
 * @param refreshInterval how often each instance reads the down marks into its local snapshot
 * @param figuresInterval how often latency, throughput and error rate are recomputed and published
 * @param window the period the figures cover
 * @param degradedFailureRate the share of failed calls in the window above which a provider is
 *     {@code degraded}
 */
@Validated
@ConfigurationProperties("aggregator.proxy.health")
public record HealthProperties(
        @Min(1) @Max(1000) @DefaultValue("5") int failuresToMarkDown,
        @NotNull @DefaultValue("15s") Duration coolDown,
        @NotNull @DefaultValue("10s") Duration probeTimeout,
        @NotNull @DefaultValue("200ms") Duration flushInterval,
        @NotNull @DefaultValue("500ms") Duration refreshInterval,
        @NotNull @DefaultValue("2s") Duration figuresInterval,
        @NotNull @DefaultValue("5m") Duration window,
        @DefaultValue("0.05") double degradedFailureRate) {}
