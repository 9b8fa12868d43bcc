package dev.aggregator.billing.usage;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What has been charged per usage id: the row that makes cumulative usage events exactly-once. */
@Repository
class UsageChargeRepository {

    /** A usage id's row as locked, changed in memory while a batch is settled. */
    static final class Charge {
        final UUID usageId;
        final UUID companyId;
        UUID leaseId;
        BigDecimal charged;
        /** The part of {@code charged} a plan's package paid; the rest the balance paid. */
        BigDecimal chargedPackage;

        boolean isFinal;
        boolean changed;

        Charge(
                UUID usageId,
                UUID companyId,
                UUID leaseId,
                BigDecimal charged,
                BigDecimal chargedPackage,
                boolean isFinal) {
            this.usageId = usageId;
            this.companyId = companyId;
            this.leaseId = leaseId;
            this.charged = charged;
            this.chargedPackage = chargedPackage;
            this.isFinal = isFinal;
        }
    }

    /** A usage id first seen in this batch, with the company and lease of its first event. */
    record NewCharge(UUID usageId, UUID companyId, UUID leaseId) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    UsageChargeRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * Inserts the rows that do not exist yet (charged 0) and locks all of them in usage id order,
     * so concurrent batches naming the same usage ids wait for each other instead of deadlocking,
     * and the second sees what the first charged.
     *
     * @param usages sorted by usage id
     */
    Map<UUID, Charge> insertMissingAndLock(List<NewCharge> usages) {
        jdbcTemplate.batchUpdate(
                "INSERT INTO usage_charge (usage_id, company_id, lease_id) VALUES (?, ?, ?)"
                        + " ON CONFLICT (usage_id) DO NOTHING",
                usages.stream()
                        .map(u -> new Object[] {u.usageId(), u.companyId(), u.leaseId()})
                        .toList(),
                new int[] {Types.OTHER, Types.OTHER, Types.OTHER});
        var locked = new LinkedHashMap<UUID, Charge>();
        jdbc.sql("SELECT usage_id, company_id, lease_id, charged, charged_package, final FROM usage_charge"
                        + " WHERE usage_id IN (:ids) ORDER BY usage_id FOR UPDATE")
                .param("ids", usages.stream().map(NewCharge::usageId).toList())
                .query((rs, row) -> new Charge(
                        rs.getObject("usage_id", UUID.class),
                        rs.getObject("company_id", UUID.class),
                        rs.getObject("lease_id", UUID.class),
                        rs.getBigDecimal("charged"),
                        rs.getBigDecimal("charged_package"),
                        rs.getBoolean("final")))
                .list()
                .forEach(charge -> locked.put(charge.usageId, charge));
        return locked;
    }

    void saveChanged(Collection<Charge> charges) {
        var rows = charges.stream()
                .filter(c -> c.changed)
                .map(c -> new Object[] {c.charged, c.chargedPackage, c.isFinal, c.leaseId, c.usageId})
                .toList();
        if (rows.isEmpty()) return;
        jdbcTemplate.batchUpdate(
                "UPDATE usage_charge SET charged = ?, charged_package = ?, final = ?, lease_id = ?, updated_at = now()"
                        + " WHERE usage_id = ?",
                rows,
                new int[] {Types.NUMERIC, Types.NUMERIC, Types.BOOLEAN, Types.OTHER, Types.OTHER});
    }

    /**
     * Deletes at most {@code limit} rows not updated for {@code age}, skipping rows a settling
     * batch holds, and returns how many.
     */
    int deleteUntouchedFor(Duration age, int limit) {
        return jdbc.sql("""
                        DELETE FROM usage_charge WHERE ctid = ANY (ARRAY(
                            SELECT ctid FROM usage_charge
                            WHERE updated_at < now() - make_interval(secs => ?)
                            LIMIT ? FOR UPDATE SKIP LOCKED))""").params(age.toSeconds(), limit).update();
    }
}
