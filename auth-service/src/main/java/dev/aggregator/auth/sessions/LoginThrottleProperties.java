package dev.aggregator.auth.sessions;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many failed logins an email or a client address may make within {@code window} before
 * further attempts are refused until the window ends.
 */
@Validated
@ConfigurationProperties("aggregator.login-throttle")
record LoginThrottleProperties(
        @Min(1) @DefaultValue("5") int maxFailuresPerEmail,
        @Min(1) @DefaultValue("20") int maxFailuresPerIp,
        @NotNull @DefaultValue("15m") Duration window,
        @NotBlank @DefaultValue("auth-service:auth") String keyPrefix) {}
