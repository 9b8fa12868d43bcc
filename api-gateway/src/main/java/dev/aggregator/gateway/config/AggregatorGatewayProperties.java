package dev.aggregator.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings. Named apart from Spring Cloud Gateway's {@code GatewayProperties},
 * which configures the routing engine itself.
 *
 * @param services base URLs of the services behind the gateway
 * @param defaultRpmPerKey requests a minute for an API key without its own {@code rpm_limit}, and
 *     for every signed-in member
 * @param redisKeyPrefix prefix of the rate-limit counters, so that test runs and a running
 *     platform can share one Redis
 * @param rateLimitTimeout how long a request waits for Redis before it passes uncounted
 * @param authClient calls to auth-service and what the gateway caches from them
 * @param trustedProxies CIDR blocks of proxies in front of the gateway (a load balancer) whose
 *     {@code X-Forwarded-For} is believed; none by default, since the gateway is the edge
 * @param addressLimits requests a minute per client address on each unauthenticated route, by
 *     exact path
 * @param consoleUrl the web console's base URL ({@code CONSOLE_URL}), serving its pages at the
 *     gateway's own address
 */
@Validated
@ConfigurationProperties("aggregator.gateway")
public record AggregatorGatewayProperties(
        @Valid @NotNull Services services,
        @Positive @DefaultValue("600") int defaultRpmPerKey,
        @NotBlank @DefaultValue("gw") String redisKeyPrefix,
        @NotNull @DefaultValue("500ms") Duration rateLimitTimeout,
        @Valid @NotNull @DefaultValue AuthClient authClient,
        @NotNull @DefaultValue List<String> trustedProxies,
        @NotNull @DefaultValue Map<String, @Positive Integer> addressLimits,
        @NotNull @DefaultValue("http://127.0.0.1:3006") URI consoleUrl) {

    public record Services(
            @NotNull URI auth,
            @NotNull URI orchestrator,
            @NotNull URI proxy,
            @NotNull URI billing,
            @NotNull URI analytics) {

        /** Every service by its short name, the name its OpenAPI document is published under. */
        public Map<String, URI> byName() {
            var services = new LinkedHashMap<String, URI>();
            services.put("auth", auth);
            services.put("orchestrator", orchestrator);
            services.put("proxy", proxy);
            services.put("billing", billing);
            services.put("analytics", analytics);
            return services;
        }
    }

    /**
     * @param apiKeyTtl how long a verified key is trusted without asking again (revocations
     *     evict it sooner, by event)
     * @param unknownApiKeyTtl how long "unknown key" is remembered (by the key's hash), so that a
     *     flood of bad keys does not reach auth-service
     * @param maxUnknownApiKeys how many unknown keys are remembered; kept apart from the good
     *     keys, so that a flood cannot push them out
     * @param jwksRefreshInterval the least time between two fetches of the JWK set, which an
     *     unknown {@code kid} triggers
     */
    public record AuthClient(
            @NotNull @DefaultValue("2s") Duration connectTimeout,
            @NotNull @DefaultValue("3s") Duration responseTimeout,
            @NotNull @DefaultValue("30s") Duration apiKeyTtl,
            @NotNull @DefaultValue("60s") Duration unknownApiKeyTtl,
            @Positive @DefaultValue("100000") long maxCachedApiKeys,
            @Positive @DefaultValue("100000") long maxUnknownApiKeys,
            @NotNull @DefaultValue("30s") Duration jwksRefreshInterval) {}
}
