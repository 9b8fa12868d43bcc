package dev.aggregator.common.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the inbox remembers a handled event id ({@code processed_event}), and how its purge runs.
 *
 * @param retention a redelivery arrives within seconds and a dead-letter replay within days; an
 *     event delivered again after this long would be handled again
 * @param purgeInterval how often rows past the retention are deleted
 * @param purgeBatchSize the most rows one delete statement removes; a run repeats it until none is left
 */
@Validated
@ConfigurationProperties("aggregator.inbox")
public record InboxProperties(
        @NotNull @DefaultValue("7d") Duration retention,
        @NotNull @DefaultValue("1h") Duration purgeInterval,
        @Min(1) @Max(100_000) @DefaultValue("1000") int purgeBatchSize) {}
