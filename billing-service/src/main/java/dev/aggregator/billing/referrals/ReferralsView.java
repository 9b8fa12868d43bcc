package dev.aggregator.billing.referrals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /v1/referrals}: the caller's code, whom it referred and what that has earned. */
record ReferralsView(
        @JsonInclude(JsonInclude.Include.ALWAYS) String referralCode,
        long referredCount,
        BigDecimal totalCommission,
        BigDecimal commissionPercent,
        List<Referral> referrals) {

    record Referral(UUID companyId, String name, Instant joinedAt, BigDecimal commission) {}
}
