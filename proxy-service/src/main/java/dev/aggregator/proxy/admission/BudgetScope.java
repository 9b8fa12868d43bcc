package dev.aggregator.proxy.admission;

import dev.aggregator.common.identity.Identity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.UUID;

/**
 * Whose money a request is admitted against in this instance. Most requests share their company's
 * budget. A request made with an API key that has a monthly spend cap runs on a budget of its own
 * for that key, month and cap, whose leases billing grants only within both the company's funds
 * and the key's room: a new month, or a changed cap, starts a new budget (the old one's lease goes
 * idle and is closed), so a cap lowered mid-month never admits under the old figure.
 *
 * @param apiKeyId null for the company's shared budget
 * @param spendLimit the key's cap, null for the company's budget
 * @param month the calendar month (UTC) the key's spend counts in, null for the company's budget
 */
record BudgetScope(UUID companyId, UUID apiKeyId, BigDecimal spendLimit, YearMonth month) {

    static BudgetScope company(UUID companyId) {
        return new BudgetScope(companyId, null, null, null);
    }

    static BudgetScope of(Identity identity, Clock clock) {
        if (identity.apiKeyId() == null || identity.monthlySpendLimit() == null) {
            return company(identity.companyId());
        }
        return new BudgetScope(
                identity.companyId(),
                identity.apiKeyId(),
                identity.monthlySpendLimit(),
                YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)));
    }

    boolean capped() {
        return apiKeyId != null;
    }
}
