package dev.aggregator.proxy.upstream;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the router retries ({@code aggregator.proxy.retry}).
 *
 * @param maxRetryAfter a 429 whose {@code Retry-After} is at most this is retried once on the same
 *     provider, after that wait, before falling back
 * @param fallbackBackoff the pause before the first fallback to another provider, doubled for each
 *     further one (at most 8 times this)
 */
@Validated
@ConfigurationProperties("aggregator.proxy.retry")
public record RetryProperties(
        @NotNull @DefaultValue("2s") Duration maxRetryAfter,
        @NotNull @DefaultValue("25ms") Duration fallbackBackoff) {}
