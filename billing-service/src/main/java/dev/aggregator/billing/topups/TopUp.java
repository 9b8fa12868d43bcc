package dev.aggregator.billing.topups;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A top-up row as stored. */
record TopUp(
        UUID id,
        UUID companyId,
        BigDecimal amount,
        TopUpStatus status,
        String checkoutSessionId,
        String checkoutUrl,
        String paymentIntentId,
        BigDecimal refundedAmount,
        Instant createdAt,
        Instant paidAt) {}
