package dev.aggregator.auth.accounts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** BCrypt's cost: each step doubles the work of a login and of an offline guess alike. */
@Validated
@ConfigurationProperties("aggregator.password-hashing")
public record PasswordHashingProperties(
        @Min(4) @Max(16) @DefaultValue("10") int strength) {}
