package dev.aggregator.billing.plans;

import java.math.BigDecimal;

/**
 * A monthly plan. {@code monthlyPrice} is what a subscription is charged per period;
 * {@code discountPercent} describes how far that price is below pay-as-you-go for the
 * {@code tokensIncluded}, and is informational: nothing is computed from it.
 */
public record Plan(
        String id,
        String name,
        BigDecimal monthlyPrice,
        long tokensIncluded,
        BigDecimal discountPercent,
        String description) {}
