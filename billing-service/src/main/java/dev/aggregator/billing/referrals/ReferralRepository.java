package dev.aggregator.billing.referrals;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReferralRepository {

    record Referred(UUID companyId, String name, Instant joinedAt, BigDecimal commission) {}

    record Totals(long referredCount, BigDecimal totalCommission) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    ReferralRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** The companies that referred any of these. */
    Set<UUID> referrersOf(Collection<UUID> companyIds) {
        if (companyIds.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("SELECT DISTINCT referred_by_company_id FROM account"
                        + " WHERE company_id IN (:ids) AND referred_by_company_id IS NOT NULL")
                .param("ids", companyIds)
                .query(UUID.class)
                .list());
    }

    /** One row per award, in one batch; usage_cost is what the referred company paid. */
    void insertAll(List<ReferralCommissions.Award> awards, BigDecimal ratePercent) {
        if (awards.isEmpty()) return;
        var rows = awards.stream()
                .map(a -> new Object[] {
                    a.ledgerEntryId(), a.referrer(), a.referred(), a.usageEventId(), a.paid(), ratePercent, a.amount()
                })
                .toList();
        jdbcTemplate.batchUpdate("""
                        INSERT INTO referral_commission
                            (id, referrer_company_id, referred_company_id, usage_event_id, usage_cost, rate_percent, amount)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", rows, new int[] {
            Types.OTHER, Types.OTHER, Types.OTHER, Types.OTHER, Types.NUMERIC, Types.NUMERIC, Types.NUMERIC
        });
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
