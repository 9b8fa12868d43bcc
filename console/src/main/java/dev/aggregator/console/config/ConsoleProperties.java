package dev.aggregator.console.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings.
 *
 * @param gatewayUrl where the console reaches the public API ({@code GATEWAY_URL}); it calls
 *     nothing else
 * @param connectTimeout connect timeout of every API call
 * @param readTimeout read timeout of every API call but the playground's stream
 * @param streamTimeout how long a playground answer may stream
 * @param forwardClientAddress send the browser's address (the gateway's {@code X-Forwarded-For}
 *     towards the console) on with each API call, so that the gateway's per-address limits count
 *     browsers, not the console; the gateway believes it only when the console's address is in
 *     its {@code GATEWAY_TRUSTED_PROXIES}
 */
@Validated
@ConfigurationProperties("aggregator.console")
public record ConsoleProperties(
        @NotNull @DefaultValue("http://127.0.0.1:3000") URI gatewayUrl,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration readTimeout,
        @NotNull @DefaultValue("5m") Duration streamTimeout,
        @DefaultValue("true") boolean forwardClientAddress) {}
