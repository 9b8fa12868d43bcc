package dev.aggregator.billing.ledger;

import java.math.BigDecimal;

/** The platform's money rules: exact decimals with at most {@value #SCALE} places, in USD. */
public final class Money {

    public static final int SCALE = 8;
    public static final String CURRENCY = "USD";

    private Money() {}

    /**
     * The amount as clients read it: {@code 12.5}, not {@code 12.50000000}. Only the
     * representation changes, never the value.
     */
    public static BigDecimal plain(BigDecimal amount) {
        if (amount == null) return null;
        return amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }

    /** True when storing the amount in NUMERIC(20,8) would not round it. */
    public static boolean fitsScale(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= SCALE;
    }
}
