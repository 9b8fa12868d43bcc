package dev.aggregator.billing.referrals;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What a company's referrals have earned it. */
@Service
class ReferralOverview {

    /** The referred companies listed; the count and total always cover all of them. */
    private static final int LISTED = 500;

    private final ReferralRepository referrals;
    private final BigDecimal percent;

    ReferralOverview(ReferralRepository referrals, BillingProperties properties) {
        this.referrals = referrals;
        this.percent = properties.referralCommissionPercent();
    }

    @Transactional(readOnly = true)
    ReferralsView of(UUID companyId) {
        var totals = referrals.totals(companyId);
        var listed = referrals.referred(companyId, LISTED).stream()
                .map(r ->
                        new ReferralsView.Referral(r.companyId(), r.name(), r.joinedAt(), Money.plain(r.commission())))
                .toList();
        return new ReferralsView(
                referrals.referralCode(companyId).orElse(null),
                totals.referredCount(),
                Money.plain(totals.totalCommission()),
                Money.plain(percent),
                listed);
    }
}
