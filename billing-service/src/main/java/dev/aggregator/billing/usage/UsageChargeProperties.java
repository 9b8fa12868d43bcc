package dev.aggregator.billing.usage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long billing keeps each request's {@code usage_charge} row, the record that makes its usage
 * events exactly-once.
 *
 * @param retention a usage event that happened longer ago than this is refused (dead-lettered for
 *     a human) rather than settled, since its row may be gone; rows untouched for a day longer are
 *     purged. Usage normally settles within a second, a replay within days.
 * @param purgeInterval how often the purge runs
 * @param purgeBatchSize the most rows one delete statement removes; a run repeats it until none is left
 */
@Validated
@ConfigurationProperties("aggregator.billing.usage-charges")
record UsageChargeProperties(
        @NotNull @DefaultValue("30d") Duration retention,
        @NotNull @DefaultValue("1h") Duration purgeInterval,
        @Min(1) @Max(100_000) @DefaultValue("1000") int purgeBatchSize) {

    /** Rows untouched for this long are purged: every event of theirs is already refused by then. */
    Duration purgeAfter() {
        return retention.plus(Duration.ofDays(1));
    }
}
