package dev.aggregator.billing.referrals;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.LedgerBatch;
import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credits a referrer a share of what the companies it referred paid for their usage. The share
 * is {@code paid × percent / 100}, rounded once, half-even, to 8 decimal places: the platform's
 * only rounding besides the proxy's cost rule. A share that rounds to zero is not posted.
 */
@Service
public class ReferralCommissions {

    private final ReferralRepository referrals;
    private final BigDecimal percent;

    ReferralCommissions(ReferralRepository referrals, BillingProperties properties) {
        this.referrals = referrals;
        this.percent = properties.referralCommissionPercent();
    }

    static BigDecimal commission(BigDecimal cost, BigDecimal percent) {
        return cost.multiply(percent).movePointLeft(2).setScale(Money.SCALE, RoundingMode.HALF_EVEN);
    }

    /** A commission credited within a ledger batch, to be recorded once the batch is applied. */
    public record Award(
            UUID ledgerEntryId, UUID referrer, UUID referred, UUID usageEventId, BigDecimal paid, BigDecimal amount) {}

    /** The referrers of these companies as they stand now (unlocked): the accounts to lock too. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<UUID> referrersOf(Collection<UUID> payingCompanyIds) {
        return referrals.referrersOf(payingCompanyIds);
    }

    /**
     * Credits the payer's referrer its share of {@code paid} (what the payer actually paid of a
     * charge, never the part that drove its balance below zero) within the batch. One commission
     * per usage event that charged something: {@code usageEventId} is unique among commissions.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Award> award(LedgerBatch batch, UUID usageEventId, UUID payingCompanyId, BigDecimal paid) {
        var referrer = batch.referrerOf(payingCompanyId);
        if (referrer.isEmpty() || paid.signum() <= 0) return Optional.empty();
        var amount = commission(paid, percent);
        if (amount.signum() <= 0) return Optional.empty();
        var referrerId = referrer.get();
        // Registered after the batch's accounts were locked: lock it now (rare, out of order).
        batch.include(List.of(referrerId));
        var name = batch.nameOf(payingCompanyId).orElse(payingCompanyId.toString());
        var entryId = batch.credit(
                referrerId,
                EntryType.REFERRAL_COMMISSION,
                amount,
                "Referral commission: %s%% of usage by %s"
                        .formatted(Money.plain(percent).toPlainString(), name));
        return Optional.of(new Award(entryId, referrerId, payingCompanyId, usageEventId, paid, amount));
    }

    /** Records the awards of a batch, after {@link LedgerBatch#apply()} wrote their entries. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(List<Award> awards) {
        referrals.insertAll(awards, percent);
    }
}
