package dev.aggregator.billing.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Billing's own settings.
 *
 * @param leaseTtl how long a lease holds funds after its last grant, extension or renewal before
 *     the expiry backstop releases them (proxies renew every 10 s and close leases they stop using)
 * @param leaseExpiryInterval how often the expiry backstop looks for overdue leases
 * @param expiryBatchSize the most leases one expiry run ends, so a backlog is drained over
 *     several runs instead of one long one
 * @param subscriptionRenewalInterval how often subscriptions at the end of their period renew
 * @param renewalGrace how long after a period's end a renewal that funds held by requests in
 *     flight stand in the way of is tried again before the subscription lapses
 * @param renewalRetryInterval how long such a renewal waits before the next try
 * @param referralCommissionPercent the share of a referred company's settled usage credited to
 *     its referrer, e.g. {@code 5} for 5 %
 */
@Validated
@ConfigurationProperties("aggregator.billing")
public record BillingProperties(
        @NotNull @DefaultValue("30m") Duration leaseTtl,
        @NotNull @DefaultValue("30s") Duration leaseExpiryInterval,
        @Min(1) @Max(10_000) @DefaultValue("500") int expiryBatchSize,
        @NotNull @DefaultValue("60s") Duration subscriptionRenewalInterval,
        @NotNull @DefaultValue("1h") Duration renewalGrace,
        @NotNull @DefaultValue("60s") Duration renewalRetryInterval,

        @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 4) @DefaultValue("5")
        BigDecimal referralCommissionPercent) {}
