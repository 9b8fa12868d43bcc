package dev.aggregator.billing.idempotency;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long {@code Idempotency-Key}s are remembered.
 *
 * @param ttl a key older than this is treated as new (Stripe keeps keys 24 hours too); a client
 *     retries within seconds or minutes, so a day is ample and the table stays small
 * @param purgeInterval how often expired keys are deleted
 * @param purgeBatchSize the most keys one delete statement removes; a run repeats it until none is left
 */
@Validated
@ConfigurationProperties("aggregator.billing.idempotency")
record IdempotencyProperties(
        @NotNull @DefaultValue("24h") Duration ttl,
        @NotNull @DefaultValue("1h") Duration purgeInterval,
        @Min(1) @Max(100_000) @DefaultValue("1000") int purgeBatchSize) {}
