package dev.aggregator.billing.subscriptions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A subscription as clients see it. {@code price} is charged from the balance at the start of
 * every period, which opens a package of {@code included_usage}; status EXPIRED means it lapsed
 * (a renewal the balance could not pay); after a cancellation the subscription stays active until {@code
 * current_period_end} and is then not renewed.
 */
record SubscriptionView(
        UUID id,
        String planId,
        String planName,
        String status,
        BigDecimal price,
        BigDecimal includedUsage,
        String currency,
        Instant currentPeriodStart,
        Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant canceledAt) {

    static SubscriptionView of(Subscription subscription) {
        return new SubscriptionView(
                subscription.id(),
                subscription.planId(),
                subscription.planName(),
                subscription.status(),
                Money.plain(subscription.price()),
                Money.plain(subscription.includedUsage()),
                Money.CURRENCY,
                subscription.currentPeriodStart(),
                subscription.currentPeriodEnd(),
                subscription.cancelAtPeriodEnd(),
                subscription.canceledAt());
    }
}
