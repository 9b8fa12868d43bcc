package dev.aggregator.proxy.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the proxy reaches its peers and the providers.
 *
 * @param orchestratorUrl where route plans come from
 * @param billingUrl where funds are reserved and released
 * @param connectTimeout to open a connection, to a peer or a provider
 * @param internalReadTimeout for an answer from the orchestrator or billing
 * @param upstreamTimeout for a provider's response headers, for its whole body when not streamed,
 *     and for the first event of a stream
 * @param streamIdleTimeout the longest silence between two events of a stream before it counts as
 *     broken
 * @param routePlanCacheTtl how long a route plan is reused when no change event evicts it first
 * @param defaultMaxOutputTokens the output bound reserved for when neither the request nor the
 *     model states one
 */
@Validated
@ConfigurationProperties("aggregator.proxy")
public record ProxyProperties(
        @NotNull @DefaultValue("http://127.0.0.1:3002") URI orchestratorUrl,
        @NotNull @DefaultValue("http://127.0.0.1:3004") URI billingUrl,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration internalReadTimeout,
        @NotNull @DefaultValue("120s") Duration upstreamTimeout,
        @NotNull @DefaultValue("60s") Duration streamIdleTimeout,
        @NotNull @DefaultValue("60s") Duration routePlanCacheTtl,
        @Min(1) @DefaultValue("4096") int defaultMaxOutputTokens) {}
