package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.util.UUID;

/** An account's money at one moment. A company without an account has zeros. */
public record AccountBalance(UUID companyId, BigDecimal balance, BigDecimal reserved) {

    public static AccountBalance empty(UUID companyId) {
        return new AccountBalance(companyId, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public BigDecimal available() {
        return balance.subtract(reserved);
    }
}
