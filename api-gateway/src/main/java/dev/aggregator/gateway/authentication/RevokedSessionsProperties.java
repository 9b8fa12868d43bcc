package dev.aggregator.gateway.authentication;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long an ended session is remembered ({@link RevokedSessions}): longer than auth-service's
 * access-token lifetime ({@code ACCESS_TOKEN_TTL}, 15 minutes) plus the 30 s clock skew allowed.
 */
@Validated
@ConfigurationProperties("aggregator.gateway.revoked-sessions")
record RevokedSessionsProperties(
        @NotNull @DefaultValue("1h") Duration retention) {}
