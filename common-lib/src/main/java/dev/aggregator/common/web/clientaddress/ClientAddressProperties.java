package dev.aggregator.common.web.clientaddress;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param trustedProxies CIDR blocks of the proxies (the gateway) whose {@code X-Forwarded-For} a
 *     service believes ({@code TRUSTED_PROXIES}, comma-separated). Loopback by default, where
 *     {@code ./aggregator up} runs the gateway; in compose or Kubernetes, the network the gateway
 *     reaches the services from.
 */
@Validated
@ConfigurationProperties("aggregator.client-address")
public record ClientAddressProperties(
        @NotNull @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedProxies) {}
