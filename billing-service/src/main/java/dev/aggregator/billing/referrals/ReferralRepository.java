package dev.aggregator.billing.referrals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReferralRepository {

    record Referrer(UUID companyId, String referredName) {}

    record Referred(UUID companyId, String name, Instant joinedAt, BigDecimal commission) {}

    record Totals(long referredCount, BigDecimal totalCommission) {}

    private final JdbcClient jdbc;

    ReferralRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who referred this company, with the company's own name for the commission's description. */
    Optional<Referrer> referrerOf(UUID companyId) {
        return jdbc.sql("SELECT referred_by_company_id, name FROM account"
                        + " WHERE company_id = ? AND referred_by_company_id IS NOT NULL")
                .param(companyId)
                .query((rs, row) ->
                        new Referrer(rs.getObject("referred_by_company_id", UUID.class), rs.getString("name")))
                .optional();
    }

    void insertCommission(
            UUID ledgerEntryId,
            UUID referrer,
            UUID referred,
            UUID usageEventId,
            BigDecimal usageCost,
            BigDecimal ratePercent,
            BigDecimal amount) {
        jdbc.sql("""
                        INSERT INTO referral_commission
                            (id, referrer_company_id, referred_company_id, usage_event_id, usage_cost, rate_percent, amount)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(ledgerEntryId, referrer, referred, usageEventId, usageCost, ratePercent, amount)
                .update();
    }

    Optional<String> referralCode(UUID companyId) {
        return jdbc.sql("SELECT referral_code FROM account WHERE company_id = ?")
                .param(companyId)
                .query((rs, row) -> Optional.ofNullable(rs.getString("referral_code")))
                .optional()
                .flatMap(code -> code);
    }

    Totals totals(UUID referrer) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM account WHERE referred_by_company_id = :me) AS referred_count,
                               (SELECT COALESCE(sum(amount), 0) FROM referral_commission
                                WHERE referrer_company_id = :me) AS total_commission""")
                .param("me", referrer)
                .query((rs, row) -> new Totals(rs.getLong("referred_count"), rs.getBigDecimal("total_commission")))
                .single();
    }

    /** The newest referred companies with what each has earned the referrer so far. */
    List<Referred> referred(UUID referrer, int limit) {
        return jdbc.sql("""
                        SELECT a.company_id, a.name, a.created_at,
                               (SELECT COALESCE(sum(rc.amount), 0) FROM referral_commission rc
                                WHERE rc.referrer_company_id = :me AND rc.referred_company_id = a.company_id) AS commission
                        FROM account a
                        WHERE a.referred_by_company_id = :me
                        ORDER BY a.created_at DESC, a.company_id DESC
                        LIMIT :limit""")
                .param("me", referrer)
                .param("limit", limit)
                .query((rs, row) -> new Referred(
                        rs.getObject("company_id", UUID.class),
                        rs.getString("name"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getBigDecimal("commission")))
                .list();
    }
}
