package dev.aggregator.common.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The secret shared by the gateway and the services to sign internal identity tokens. It is
 * never sent anywhere: only tokens signed with it are. {@code publicPaths} are exact paths a
 * service serves without a caller (e.g. login), which the gateway forwards anonymously.
 */
@Validated
@ConfigurationProperties("aggregator.internal-auth")
public record InternalAuthProperties(
        @NotBlank @Size(min = 32, message = "must be at least 32 characters")
        String secret,

        @NotNull @DefaultValue("60s") Duration tokenTtl,
        @DefaultValue List<String> publicPaths) {}
