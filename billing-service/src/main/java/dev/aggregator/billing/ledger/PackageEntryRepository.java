package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.Cursors;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Package movements: immutable, signed, {@code sum(amount) = account.package_remaining}. */
@Repository
class PackageEntryRepository {

    /** Why a package changed; OPENED and RESTORED add, DRAWN and EXPIRED take. */
    enum Type {
        OPENED,
        DRAWN,
        RESTORED,
        EXPIRED
    }

    record NewPackageEntry(
            UUID companyId,
            Type type,
            BigDecimal amount,
            BigDecimal remainingAfter,
            String description,
            String requestId) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    PackageEntryRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** One page of a company's package entries, newest first, after the cursor position if any. */
    List<PackageEntryView> page(UUID companyId, Cursors.Position after, int limit) {
        String afterClause = after == null ? "" : " AND (created_at, id) < (:afterCreatedAt, :afterId)";
        var statement = jdbc.sql("""
                        SELECT id, type, amount, remaining_after, description, request_id, created_at
                        FROM package_entry WHERE company_id = :company""" + afterClause + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("company", companyId)
                .param("limit", limit);
        if (after != null) {
            statement = statement
                    .param("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
                    .param("afterId", after.id());
        }
        return statement
                .query((rs, row) -> new PackageEntryView(
                        rs.getObject("id", UUID.class),
                        rs.getString("type"),
                        Money.plain(rs.getBigDecimal("amount")),
                        Money.plain(rs.getBigDecimal("remaining_after")),
                        rs.getString("description"),
                        rs.getString("request_id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    void insertAll(List<NewPackageEntry> entries) {
        if (entries.isEmpty()) return;
        var rows = entries.stream()
                .map(e -> new Object[] {
                    UUID.randomUUID(),
                    e.companyId(),
                    e.type().name(),
                    e.amount(),
                    e.remainingAfter(),
                    Ledger.truncate(e.description(), Ledger.DESCRIPTION_LIMIT),
                    e.requestId()
                })
                .toList();
        jdbcTemplate.batchUpdate(
                "INSERT INTO package_entry (id, company_id, type, amount, remaining_after, description, request_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
                new int[] {
                    Types.OTHER, Types.OTHER, Types.VARCHAR, Types.NUMERIC, Types.NUMERIC, Types.VARCHAR, Types.VARCHAR
                });
    }
}
