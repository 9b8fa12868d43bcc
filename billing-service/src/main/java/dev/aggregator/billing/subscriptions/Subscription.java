package dev.aggregator.billing.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

record Subscription(
        UUID id,
        UUID companyId,
        String planId,
        String planName,
        String status,
        BigDecimal price,
        BigDecimal includedUsage,
        Instant currentPeriodStart,
        Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd,
        Instant canceledAt) {

    static final String ACTIVE = "ACTIVE";
    static final String CANCELED = "CANCELED";
    static final String EXPIRED = "EXPIRED";
}
