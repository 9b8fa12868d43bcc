package dev.aggregator.auth.sessions;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** A refresh token's lifetime; each rotation starts a new one. */
@Validated
@ConfigurationProperties("aggregator.refresh-tokens")
record RefreshTokenProperties(@NotNull @DefaultValue("30d") Duration ttl) {}
