package dev.aggregator.billing.plans;

import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A monthly token package: each period covers {@code includedUsage} USD of usage at
 * pay-as-you-go prices and costs {@code monthlyPrice = includedUsage × (1 − discountPercent /
 * 100)}, rounded half-even to 8 places (the platform's one rounding rule for amounts it computes).
 */
public record Plan(
        String id,
        String name,
        BigDecimal monthlyPrice,
        BigDecimal includedUsage,
        BigDecimal discountPercent,
        String description) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public static BigDecimal priceOf(BigDecimal includedUsage, BigDecimal discountPercent) {
        var share = HUNDRED.subtract(discountPercent).divide(HUNDRED);
        return includedUsage.multiply(share).setScale(Money.SCALE, RoundingMode.HALF_EVEN);
    }
}
