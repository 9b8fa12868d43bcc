package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.Cursors;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Ledger entries: inserted once, never updated (a trigger refuses it), read newest first. */
@Repository
class LedgerEntryRepository {

    private static final String COLUMNS =
            "id, company_id, type, amount, balance_after, description, request_id, created_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    LedgerEntryRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * Inserts an entry stamped with {@code clock_timestamp()}: the caller already holds the
     * account row lock, so entries of one account are timestamped in the order they were applied.
     */
    LedgerEntry insert(
            UUID companyId,
            EntryType type,
            BigDecimal amount,
            BigDecimal balanceAfter,
            String description,
            String requestId) {
        return jdbc.sql(
                        "INSERT INTO ledger_entry (id, company_id, type, amount, balance_after, description, request_id)"
                                + " VALUES (:id, :company, :type, :amount, :balanceAfter, :description, :requestId)"
                                + " RETURNING " + COLUMNS)
                .param("id", UUID.randomUUID())
                .param("company", companyId)
                .param("type", type.name())
                .param("amount", amount)
                .param("balanceAfter", balanceAfter)
                .param("description", description)
                .param("requestId", requestId)
                .query(LedgerEntryRepository::entry)
                .single();
    }

    /**
     * Inserts entries in one JDBC batch, in list order: seq (and the creation time) follow the
     * order the caller applied them in, so the newest entry's balance_after is the balance.
     */
    void insertAll(List<LedgerBatch.NewEntry> newEntries) {
        if (newEntries.isEmpty()) return;
        var rows = newEntries.stream()
                .map(e -> new Object[] {
                    e.id(), e.companyId(), e.type().name(), e.amount(), e.balanceAfter(), e.description(), e.requestId()
                })
                .toList();
        jdbcTemplate.batchUpdate(
                "INSERT INTO ledger_entry (id, company_id, type, amount, balance_after, description, request_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
                new int[] {
                    Types.OTHER, Types.OTHER, Types.VARCHAR, Types.NUMERIC, Types.NUMERIC, Types.VARCHAR, Types.VARCHAR
                });
    }

    /** One page of a company's entries, newest first, after the cursor position if any. */
    List<LedgerEntry> page(
            UUID companyId, EntryType type, Instant from, Instant to, Cursors.Position after, int limit) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM ledger_entry WHERE company_id = :company");
        var params = new LinkedHashMap<String, Object>();
        params.put("company", companyId);
        if (type != null) {
            sql.append(" AND type = :type");
            params.put("type", type.name());
        }
        if (from != null) {
            sql.append(" AND created_at >= :from");
            params.put("from", timestamp(from));
        }
        if (to != null) {
            sql.append(" AND created_at < :to");
            params.put("to", timestamp(to));
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
            params.put("afterCreatedAt", timestamp(after.createdAt()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(LedgerEntryRepository::entry)
                .list();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        return new LedgerEntry(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                EntryType.valueOf(rs.getString("type")),
                rs.getBigDecimal("amount"),
                rs.getBigDecimal("balance_after"),
                rs.getString("description"),
                rs.getString("request_id"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
