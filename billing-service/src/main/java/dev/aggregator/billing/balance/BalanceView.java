package dev.aggregator.billing.balance;

import dev.aggregator.billing.ledger.AccountBalance;
import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code GET /v1/billing/balance}. {@code available} counts the balance only (holds count against
 * the package first); {@code package_remaining} is the USD value of usage the current plan period
 * still covers, holds included.
 */
record BalanceView(
        UUID companyId,
        BigDecimal balance,
        BigDecimal reserved,
        BigDecimal available,
        String currency,
        BigDecimal packageRemaining) {

    static BalanceView of(AccountBalance account) {
        return new BalanceView(
                account.companyId(),
                Money.plain(account.balance()),
                Money.plain(account.reserved()),
                Money.plain(account.available()),
                Money.CURRENCY,
                Money.plain(account.packageRemaining()));
    }
}
