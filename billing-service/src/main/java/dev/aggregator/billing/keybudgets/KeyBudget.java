package dev.aggregator.billing.keybudgets;

import java.math.BigDecimal;

/**
 * An API key's month as locked: what it spent, what its leases hold, and its cap (null: none).
 * A grant on a capped key must fit {@code spent + reserved + grant <= spendLimit}.
 */
public record KeyBudget(KeyMonth keyMonth, BigDecimal spendLimit, BigDecimal spent, BigDecimal reserved) {

    /** What a new hold may still take; null when the key has no cap. */
    public BigDecimal room() {
        if (spendLimit == null) return null;
        return spendLimit.subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
    }
}
