package dev.aggregator.auth.passwords;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** A reset token's lifetime, and how many reset mails one account may be sent per hour. */
@Validated
@ConfigurationProperties("aggregator.password-reset")
record PasswordResetProperties(
        @NotNull @DefaultValue("1h") Duration tokenTtl,
        @Min(1) @DefaultValue("3") int maxMailsPerHour) {}
