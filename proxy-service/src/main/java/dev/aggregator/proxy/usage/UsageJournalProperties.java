package dev.aggregator.proxy.usage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How usage becomes durable. Bound next to {@code ProxyProperties} under {@code aggregator.proxy},
 * kept in a record of its own so that the usage feature owns its settings.
 *
 * @param usageCheckpointInterval how often a running stream journals its usage so far, so that a
 *     proxy killed mid-stream leaves the tokens it relayed billed up to its last checkpoint
 * @param usageWaitTimeout how long a request waits for its usage to be durable before its client
 *     gets a 503; the event itself stays queued until it is written
 * @param usageBatchSize the most events one journal transaction writes
 * @param usageRetryBackoffMax the longest pause between two attempts of a failed batch
 */
@Validated
@ConfigurationProperties("aggregator.proxy")
public record UsageJournalProperties(
        @NotNull @DefaultValue("10s") Duration usageCheckpointInterval,
        @NotNull @DefaultValue("30s") Duration usageWaitTimeout,
        @Min(1) @Max(5000) @DefaultValue("500") int usageBatchSize,
        @NotNull @DefaultValue("5s") Duration usageRetryBackoffMax) {}
