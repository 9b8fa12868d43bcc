package dev.aggregator.billing.reservations;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reservation rows. Times come from the database clock, which the expiry job compares with too. */
@Repository
class ReservationRepository {

    private static final String COLUMNS = "id, company_id, request_id, amount, status, expires_at";

    private final JdbcClient jdbc;

    ReservationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a HELD reservation, or nothing when the company already has one for this request id.
     * A concurrent insert of the same request id makes this one wait for that transaction's end.
     */
    Optional<Reservation> insertHeld(UUID companyId, String requestId, UUID apiKeyId, BigDecimal amount, Duration ttl) {
        return jdbc.sql("""
                        INSERT INTO reservation (id, company_id, request_id, api_key_id, amount, status, expires_at)
                        VALUES (:id, :company, :request, :apiKey, :amount, 'HELD', now() + :ttlMillis * interval '1 millisecond')
                        ON CONFLICT (company_id, request_id) DO NOTHING""" + " RETURNING " + COLUMNS)
                .param("id", UUID.randomUUID())
                .param("company", companyId)
                .param("request", requestId)
                .param("apiKey", apiKeyId)
                .param("amount", amount)
                .param("ttlMillis", ttl.toMillis())
                .query(ReservationRepository::reservation)
                .optional();
    }

    Optional<Reservation> findByRequest(UUID companyId, String requestId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reservation WHERE company_id = ? AND request_id = ?")
                .params(companyId, requestId)
                .query(ReservationRepository::reservation)
                .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("SELECT count(*) FROM reservation WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Moves a HELD reservation to a final state; empty when it is not HELD (or not the company's). */
    Optional<Reservation> close(UUID id, UUID companyId, ReservationStatus to) {
        var sql = "UPDATE reservation SET status = :to, closed_at = now() WHERE id = :id AND status = 'HELD'"
                + (companyId == null ? "" : " AND company_id = :company")
                + " RETURNING " + COLUMNS;
        var statement = jdbc.sql(sql).param("to", to.name()).param("id", id);
        if (companyId != null) statement = statement.param("company", companyId);
        return statement.query(ReservationRepository::reservation).optional();
    }

    /**
     * Locks one overdue HELD reservation. SKIP LOCKED lets expiry run on several instances, and
     * never waits on a reservation that a settlement is closing right now.
     */
    Optional<Reservation> lockNextOverdue() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reservation WHERE status = 'HELD' AND expires_at <= now()"
                        + " ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .query(ReservationRepository::reservation)
                .optional();
    }

    private static Reservation reservation(ResultSet rs, int row) throws SQLException {
        return new Reservation(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getString("request_id"),
                rs.getBigDecimal("amount"),
                ReservationStatus.valueOf(rs.getString("status")),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant());
    }
}
