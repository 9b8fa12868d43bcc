package dev.aggregator.billing.referrals;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credits a referrer a share of every settled usage cost of the companies it referred. The share
 * is {@code cost × percent / 100}, rounded once, half-even, to 8 decimal places: the platform's
 * only rounding besides the proxy's cost rule. A share that rounds to zero is not posted.
 */
@Service
public class ReferralCommissions {

    private final ReferralRepository referrals;
    private final Ledger ledger;
    private final BigDecimal percent;

    ReferralCommissions(ReferralRepository referrals, Ledger ledger, BillingProperties properties) {
        this.referrals = referrals;
        this.ledger = ledger;
        this.percent = properties.referralCommissionPercent();
    }

    static BigDecimal commission(BigDecimal cost, BigDecimal percent) {
        return cost.multiply(percent).movePointLeft(2).setScale(Money.SCALE, RoundingMode.HALF_EVEN);
    }

    /** Called once per settled usage event, in its transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void award(UUID usageEventId, UUID payingCompanyId, BigDecimal cost) {
        var referrer = referrals.referrerOf(payingCompanyId);
        if (referrer.isEmpty()) return;
        var amount = commission(cost, percent);
        if (amount.signum() <= 0) return;
        var referrerId = referrer.get().companyId();
        var name = referrer.get().referredName() == null
                ? payingCompanyId.toString()
                : referrer.get().referredName();
        var posting = ledger.post(
                referrerId,
                EntryType.REFERRAL_COMMISSION,
                amount,
                "Referral commission: %s%% of usage by %s"
                        .formatted(Money.plain(percent).toPlainString(), name),
                null);
        referrals.insertCommission(
                posting.entry().id(), referrerId, payingCompanyId, usageEventId, cost, percent, amount);
    }
}
