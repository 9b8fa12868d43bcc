package dev.aggregator.auth.signing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The RS256 access tokens the gateway verifies with {@code /internal/jwks}. */
@Validated
@ConfigurationProperties("aggregator.access-tokens")
public record AccessTokenProperties(
        @NotBlank @DefaultValue("aggregator-auth") String issuer,
        @NotNull @DefaultValue("15m") Duration ttl) {}
