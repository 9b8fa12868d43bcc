package dev.aggregator.billing.topups;

import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A top-up as clients see it; {@code paid_at} appears once it is paid. */
record TopUpView(
        UUID id,
        BigDecimal amount,
        TopUpStatus status,
        String checkoutUrl,
        BigDecimal refundedAmount,
        Instant createdAt,
        Instant paidAt) {

    static TopUpView of(TopUp topUp) {
        return new TopUpView(
                topUp.id(),
                Money.plain(topUp.amount()),
                topUp.status(),
                topUp.checkoutUrl(),
                Money.plain(topUp.refundedAmount()),
                topUp.createdAt(),
                topUp.paidAt());
    }
}
