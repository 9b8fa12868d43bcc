package dev.aggregator.billing.leases;

import dev.aggregator.billing.keybudgets.KeyMonth;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Lease rows. Times come from the database clock, which the expiry job compares with too. Every
 * statement that changes a lease runs under its row lock, taken before any account lock.
 */
@Repository
class LeaseRepository {

    private static final String COLUMNS =
            "id, company_id, holder, amount, settled, final_cost, status, expires_at, api_key_id, key_month";
    private static final String EXPIRES = "now() + :ttlMillis * interval '1 millisecond'";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    LeaseRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    Lease insertActive(UUID companyId, String holder, BigDecimal amount, Duration ttl, KeyMonth keyMonth) {
        return jdbc.sql("INSERT INTO lease (id, company_id, holder, amount, status, expires_at, api_key_id, key_month)"
                        + " VALUES (:id, :company, :holder, :amount, 'ACTIVE', " + EXPIRES + ", :apiKey, :keyMonth)"
                        + " RETURNING " + COLUMNS)
                .param("id", UUID.randomUUID())
                .param("company", companyId)
                .param("holder", holder)
                .param("amount", amount)
                .param("apiKey", keyMonth == null ? null : keyMonth.apiKeyId(), Types.OTHER)
                .param("keyMonth", keyMonth == null ? null : Date.valueOf(keyMonth.firstDay()), Types.DATE)
                .param("ttlMillis", ttl.toMillis())
                .query(LeaseRepository::lease)
                .single();
    }

    /** Locks the lease, waiting for a settlement or expiry that holds it. */
    Optional<Lease> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM lease WHERE id = ? FOR UPDATE")
                .param(id)
                .query(LeaseRepository::lease)
                .optional();
    }

    /** Adds an extension to a locked ACTIVE lease and pushes its expiry. */
    Lease extend(UUID id, BigDecimal granted, Duration ttl) {
        return jdbc.sql("UPDATE lease SET amount = amount + :granted, expires_at = " + EXPIRES
                        + " WHERE id = :id AND status = 'ACTIVE' RETURNING " + COLUMNS)
                .param("granted", granted)
                .param("ttlMillis", ttl.toMillis())
                .param("id", id)
                .query(LeaseRepository::lease)
                .single();
    }

    /** Closes a locked ACTIVE lease: CLOSING, or CLOSED at once when everything is settled already. */
    Lease close(UUID id, BigDecimal finalCost) {
        return jdbc.sql("""
                        UPDATE lease SET final_cost = :finalCost,
                            status = CASE WHEN settled >= :finalCost THEN 'CLOSED' ELSE 'CLOSING' END,
                            closed_at = CASE WHEN settled >= :finalCost THEN now() END
                        WHERE id = :id AND status = 'ACTIVE'""" + " RETURNING " + COLUMNS)
                .param("finalCost", finalCost)
                .param("id", id)
                .query(LeaseRepository::lease)
                .single();
    }

    /**
     * Pushes the expiry of the ACTIVE leases among {@code ids} and returns those. The rows are
     * locked in id order first, the order settlement locks leases in, so the two never deadlock.
     */
    List<UUID> renew(Collection<UUID> ids, Duration ttl) {
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("UPDATE lease SET expires_at = " + EXPIRES + """
                         WHERE id IN (SELECT id FROM lease WHERE id IN (:ids) AND status = 'ACTIVE'
                                     ORDER BY id FOR UPDATE)
                        RETURNING id""")
                .param("ids", ids)
                .param("ttlMillis", ttl.toMillis())
                .query(UUID.class)
                .list();
    }

    /**
     * Locks the leases that {@code (lease id, company id)} pairs name, in lease id order. A pair
     * whose lease belongs to another company matches nothing: a usage event can only draw on its
     * own company's lease.
     */
    List<Lease> lockForSettlement(List<Object[]> leaseAndCompany) {
        if (leaseAndCompany.isEmpty()) return List.of();
        return jdbc.sql("SELECT " + COLUMNS + " FROM lease WHERE (id, company_id) IN (:pairs) ORDER BY id FOR UPDATE")
                .param("pairs", leaseAndCompany)
                .query(LeaseRepository::lease)
                .list();
    }

    /** Writes what settlement charged under each (locked) lease, one statement per lease in one batch. */
    void saveSettled(Collection<Lease> leases) {
        if (leases.isEmpty()) return;
        var rows = leases.stream()
                .map(l ->
                        new Object[] {l.settled(), l.status().name(), l.status().name(), l.id()})
                .toList();
        jdbcTemplate.batchUpdate(
                "UPDATE lease SET settled = ?, status = ?,"
                        + " closed_at = CASE WHEN ? = 'CLOSED' THEN now() ELSE closed_at END WHERE id = ?",
                rows,
                new int[] {Types.NUMERIC, Types.VARCHAR, Types.VARCHAR, Types.OTHER});
    }

    /**
     * Locks one ACTIVE or CLOSING lease past its expiry. SKIP LOCKED lets expiry run on several
     * instances, and never waits on (or races) a lease that a settlement, extension or close is
     * changing right now: that lease is looked at again on the next run.
     */
    Optional<Lease> lockNextOverdue() {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM lease WHERE status IN ('ACTIVE', 'CLOSING') AND expires_at <= now()"
                        + " ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .query(LeaseRepository::lease)
                .optional();
    }

    void expire(UUID id) {
        jdbc.sql(
                        "UPDATE lease SET status = 'EXPIRED', closed_at = now() WHERE id = ? AND status IN ('ACTIVE', 'CLOSING')")
                .param(id)
                .update();
    }

    private static Lease lease(ResultSet rs, int row) throws SQLException {
        return new Lease(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getString("holder"),
                rs.getBigDecimal("amount"),
                rs.getBigDecimal("settled"),
                rs.getBigDecimal("final_cost"),
                LeaseStatus.valueOf(rs.getString("status")),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                keyMonth(rs));
    }

    private static KeyMonth keyMonth(ResultSet rs) throws SQLException {
        var apiKey = rs.getObject("api_key_id", UUID.class);
        var month = rs.getDate("key_month");
        return apiKey == null || month == null ? null : new KeyMonth(apiKey, YearMonth.from(month.toLocalDate()));
    }
}
