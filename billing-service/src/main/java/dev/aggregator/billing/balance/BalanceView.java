package dev.aggregator.billing.balance;

import dev.aggregator.billing.ledger.AccountBalance;
import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code GET /v1/billing/balance}. {@code package_tokens_remaining} is always 0: usage is billed
 * in money, and plans do not grant a token allowance that usage draws down.
 */
record BalanceView(
        UUID companyId,
        BigDecimal balance,
        BigDecimal reserved,
        BigDecimal available,
        String currency,
        long packageTokensRemaining) {

    static BalanceView of(AccountBalance account) {
        return new BalanceView(
                account.companyId(),
                Money.plain(account.balance()),
                Money.plain(account.reserved()),
                Money.plain(account.available()),
                Money.CURRENCY,
                0);
    }
}
