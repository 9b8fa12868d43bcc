package dev.aggregator.auth.sessions;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A refresh token's lifetime ({@code ttl}; each rotation starts a new one) and the absolute
 * lifetime of a login ({@code absoluteLifetime}, counted from the login itself): beyond it no
 * rotation helps and the client must sign in again, so a stolen refresh chain cannot be kept
 * alive forever.
 */
@Validated
@ConfigurationProperties("aggregator.refresh-tokens")
record RefreshTokenProperties(
        @NotNull @DefaultValue("30d") Duration ttl,
        @NotNull @DefaultValue("30d") Duration absoluteLifetime) {}
