package dev.aggregator.billing.subscriptions;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscription rows; periods are computed by PostgreSQL's calendar-month arithmetic. */
@Repository
class SubscriptionRepository {

    /** A billing period: from now to the same day next month (clamped to the month's end). */
    record Period(Instant start, Instant end) {}

    private static final String SELECT = """
            SELECT s.id, s.company_id, s.plan_id, p.name AS plan_name, s.status, s.price, s.included_usage,
                   s.current_period_start, s.current_period_end, s.cancel_at_period_end, s.canceled_at
            FROM subscription s JOIN plan p ON p.id = s.plan_id""";

    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Period nextPeriodFromNow() {
        return jdbc.sql("SELECT now() AS period_start, now() + interval '1 month' AS period_end")
                .query((rs, row) -> new Period(instant(rs, "period_start"), instant(rs, "period_end")))
                .single();
    }

    /**
     * The period after {@code end}: contiguous when renewing on time, starting now when renewals
     * were not run for over a month (a company never pays for a period that has already passed).
     */
    Period periodAfter(Instant end) {
        return jdbc.sql("""
                        SELECT start, start + interval '1 month' AS period_end
                        FROM (SELECT CASE WHEN CAST(:end AS timestamptz) + interval '1 month' > now()
                                          THEN CAST(:end AS timestamptz) ELSE now() END AS start) s""")
                .param("end", OffsetDateTime.ofInstant(end, ZoneOffset.UTC))
                .query((rs, row) -> new Period(instant(rs, "start"), instant(rs, "period_end")))
                .single();
    }

    Optional<Subscription> findActive(UUID companyId) {
        return jdbc.sql(SELECT + " WHERE s.company_id = ? AND s.status = 'ACTIVE'")
                .param(companyId)
                .query(SubscriptionRepository::subscription)
                .optional();
    }

    /** Fails with a unique-key violation when the company already has an active subscription. */
    void insertActive(UUID id, UUID companyId, String planId, BigDecimal price, BigDecimal included, Period period) {
        jdbc.sql("""
                        INSERT INTO subscription (id, company_id, plan_id, status, price, included_usage,
                                                  current_period_start, current_period_end)
                        VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?, ?)""")
                .params(id, companyId, planId, price, included, timestamp(period.start()), timestamp(period.end()))
                .update();
    }

    /** The company's active subscription, else its latest one (canceled or lapsed). */
    Optional<Subscription> findCurrentOrLatest(UUID companyId) {
        return jdbc.sql(SELECT + " WHERE s.company_id = ?"
                        + " ORDER BY (s.status = 'ACTIVE') DESC, s.created_at DESC, s.id DESC LIMIT 1")
                .param(companyId)
                .query(SubscriptionRepository::subscription)
                .optional();
    }

    /** Leaves a due subscription for a later run (a renewal held funds stand in the way of). */
    void retryAt(UUID id, Instant when) {
        jdbc.sql("UPDATE subscription SET next_attempt_at = ? WHERE id = ?")
                .params(timestamp(when), id)
                .update();
    }

    Optional<Subscription> cancelAtPeriodEnd(UUID companyId) {
        return jdbc.sql("""
                        UPDATE subscription SET cancel_at_period_end = true, canceled_at = COALESCE(canceled_at, now())
                        WHERE company_id = ? AND status = 'ACTIVE'""").param(companyId).update() == 0 ? Optional.empty() : findActive(companyId);
    }

    /** Locks one active subscription whose period is over; SKIP LOCKED lets instances share the work. */
    Optional<Subscription> lockNextDue() {
        return jdbc.sql(
                        SELECT + " WHERE s.status = 'ACTIVE'"
                                + " AND COALESCE(s.next_attempt_at, s.current_period_end) <= now()"
                                + " ORDER BY COALESCE(s.next_attempt_at, s.current_period_end) LIMIT 1 FOR UPDATE OF s SKIP LOCKED")
                .query(SubscriptionRepository::subscription)
                .optional();
    }

    void renew(UUID id, Period period, BigDecimal price, BigDecimal included) {
        jdbc.sql("""
                        UPDATE subscription SET current_period_start = ?, current_period_end = ?, price = ?,
                                                included_usage = ?, next_attempt_at = NULL
                        WHERE id = ?""")
                .params(timestamp(period.start()), timestamp(period.end()), price, included, id)
                .update();
    }

    void end(UUID id, String status) {
        jdbc.sql("UPDATE subscription SET status = ?, ended_at = now() WHERE id = ?")
                .params(status, id)
                .update();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Subscription subscription(ResultSet rs, int row) throws SQLException {
        return new Subscription(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getString("plan_id"),
                rs.getString("plan_name"),
                rs.getString("status"),
                rs.getBigDecimal("price"),
                rs.getBigDecimal("included_usage"),
                instant(rs, "current_period_start"),
                instant(rs, "current_period_end"),
                rs.getBoolean("cancel_at_period_end"),
                instant(rs, "canceled_at"));
    }
}
