package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * An account's money at one moment. A company without an account has zeros.
 *
 * @param packageRemaining what the current plan period's package still covers (0 without a plan,
 *     or once the period is over)
 * @param reserved held for requests in flight, against the package first and then the balance
 */
public record AccountBalance(UUID companyId, BigDecimal balance, BigDecimal reserved, BigDecimal packageRemaining) {

    public static AccountBalance empty(UUID companyId) {
        return new AccountBalance(companyId, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /**
     * What the balance alone still offers: holds count against the package first, so only what
     * they hold beyond it is taken from the balance. What debits and plan payments may use.
     */
    public BigDecimal available() {
        return balance.subtract(reserved.subtract(packageRemaining).max(BigDecimal.ZERO));
    }

    /** What requests may still be admitted against: balance and package, less every hold. */
    public BigDecimal spendable() {
        return balance.add(packageRemaining).subtract(reserved);
    }
}
