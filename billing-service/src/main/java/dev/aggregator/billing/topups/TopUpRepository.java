package dev.aggregator.billing.topups;

import dev.aggregator.common.web.Cursors;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Top-ups. Status changes are conditional {@code UPDATE}s: under concurrent deliveries of one
 * event PostgreSQL lets exactly one of them match, the others re-read the committed row and
 * find it already moved on.
 */
@Repository
class TopUpRepository {

    private static final String COLUMNS = "id, company_id, amount, status, checkout_session_id, checkout_url,"
            + " payment_intent_id, refunded_amount, created_at, paid_at";

    private final JdbcClient jdbc;

    TopUpRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    TopUp insert(UUID id, UUID companyId, BigDecimal amount, String sessionId, String checkoutUrl) {
        return jdbc.sql("INSERT INTO top_up (id, company_id, amount, status, checkout_session_id, checkout_url)"
                        + " VALUES (:id, :company, :amount, 'PENDING', :session, :url) RETURNING " + COLUMNS)
                .param("id", id)
                .param("company", companyId)
                .param("amount", amount)
                .param("session", sessionId)
                .param("url", checkoutUrl)
                .query(TopUpRepository::row)
                .single();
    }

    Optional<TopUp> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM top_up WHERE id = ?")
                .param(id)
                .query(TopUpRepository::row)
                .optional();
    }

    /** The top-up paid through this PaymentIntent, locked until the transaction ends. */
    Optional<TopUp> lockByPaymentIntent(String paymentIntentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM top_up WHERE payment_intent_id = ? FOR UPDATE")
                .param(paymentIntentId)
                .query(TopUpRepository::row)
                .optional();
    }

    /**
     * PENDING (or EXPIRED: Stripe said it was paid, so the money is ours) becomes PAID. Empty when
     * another delivery got there first: the caller must then credit nothing.
     */
    Optional<TopUp> markPaid(UUID id, String paymentIntentId) {
        return jdbc.sql(
                        "UPDATE top_up SET status = 'PAID', payment_intent_id = :pi, paid_at = now(), updated_at = now()"
                                + " WHERE id = :id AND status IN ('PENDING', 'EXPIRED') RETURNING " + COLUMNS)
                .param("id", id)
                .param("pi", paymentIntentId)
                .query(TopUpRepository::row)
                .optional();
    }

    /** True for the first delivery of a mismatching payment only, so it is audited once. */
    boolean markMismatchSeen(UUID id) {
        return jdbc.sql("UPDATE top_up SET mismatch_seen_at = now(), updated_at = now()"
                                + " WHERE id = ? AND mismatch_seen_at IS NULL")
                        .param(id)
                        .update()
                == 1;
    }

    boolean markExpired(UUID id) {
        return jdbc.sql("UPDATE top_up SET status = 'EXPIRED', updated_at = now() WHERE id = ? AND status = 'PENDING'")
                        .param(id)
                        .update()
                == 1;
    }

    void recordRefund(UUID id, BigDecimal refundedTotal, TopUpStatus status) {
        jdbc.sql("UPDATE top_up SET refunded_amount = :refunded, status = :status, updated_at = now() WHERE id = :id")
                .param("id", id)
                .param("refunded", refundedTotal)
                .param("status", status.name())
                .update();
    }

    /** One page of a company's top-ups, newest first, after the cursor position if any. */
    List<TopUp> page(UUID companyId, Cursors.Position after, int limit) {
        var sql = "SELECT " + COLUMNS + " FROM top_up WHERE company_id = :company"
                + (after == null ? "" : " AND (created_at, id) < (:afterCreatedAt, :afterId)")
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
        var statement = jdbc.sql(sql).param("company", companyId).param("limit", limit);
        if (after != null) {
            statement = statement
                    .param("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
                    .param("afterId", after.id());
        }
        return statement.query(TopUpRepository::row).list();
    }

    private static TopUp row(ResultSet rs, int n) throws SQLException {
        var paidAt = rs.getObject("paid_at", OffsetDateTime.class);
        return new TopUp(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getBigDecimal("amount"),
                TopUpStatus.valueOf(rs.getString("status")),
                rs.getString("checkout_session_id"),
                rs.getString("checkout_url"),
                rs.getString("payment_intent_id"),
                rs.getBigDecimal("refunded_amount"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                paidAt == null ? null : paidAt.toInstant());
    }
}
