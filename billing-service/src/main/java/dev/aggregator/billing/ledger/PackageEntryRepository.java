package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbcTemplate;

    PackageEntryRepository(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
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
