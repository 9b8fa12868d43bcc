package dev.aggregator.auth.sessions;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many failed logins may be made within {@code window} before further attempts are refused
 * until the window ends: for one email from one client address, for one email from anywhere, and
 * from one client address (an IPv6 /64) for any email. See {@link LoginThrottle}.
 */
@Validated
@ConfigurationProperties("aggregator.login-throttle")
record LoginThrottleProperties(
        @Min(1) @DefaultValue("5") int maxFailuresPerEmail,
        @Min(1) @DefaultValue("100") int maxFailuresPerEmailGlobally,
        @Min(1) @DefaultValue("20") int maxFailuresPerIp,
        @NotNull @DefaultValue("15m") Duration window,
        @NotBlank @DefaultValue("auth-service:auth") String keyPrefix) {}
