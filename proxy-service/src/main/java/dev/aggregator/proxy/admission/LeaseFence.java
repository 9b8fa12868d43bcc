package dev.aggregator.proxy.admission;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The proxy's {@code lease} table: one row per lease held at billing, with what the usage journal
 * recorded under it. The journal adds to {@code recorded_cost} only while the row is ACTIVE; every
 * close here first flips it to CLOSING, so the total it reads is the final one.
 */
@Repository
class LeaseFence {

    record Active(UUID leaseId, UUID companyId) {}

    /** A lease a reaper took over: closed at billing with {@code recordedCost}, then deleted. */
    record Claimed(UUID leaseId, UUID companyId, UUID instanceId, BigDecimal recordedCost) {}

    private final JdbcClient jdbc;

    LeaseFence(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID leaseId, UUID companyId, UUID instanceId) {
        jdbc.sql("""
                INSERT INTO lease (id, company_id, instance_id, state, recorded_cost, heartbeat_at)
                VALUES (?, ?, ?, 'ACTIVE', 0, now())""").params(leaseId, companyId, instanceId).update();
    }

    /** Marks every active lease of the instance as alive, so that no reaper takes it over. */
    int heartbeat(UUID instanceId) {
        return jdbc.sql("UPDATE lease SET heartbeat_at = now() WHERE instance_id = ? AND state = 'ACTIVE'")
                .param(instanceId)
                .update();
    }

    List<Active> activeOf(UUID instanceId) {
        return jdbc.sql("SELECT id, company_id FROM lease WHERE instance_id = ? AND state = 'ACTIVE'")
                .param(instanceId)
                .query((rs, row) -> new Active(rs.getObject("id", UUID.class), rs.getObject("company_id", UUID.class)))
                .list();
    }

    /**
     * Stops the journal from recording more under the lease and reads what it recorded. Waits for
     * a journal transaction holding the row, so its usage is counted.
     *
     * @return empty when the lease is not active here (already closing, or gone)
     */
    Optional<BigDecimal> fence(UUID leaseId, UUID companyId) {
        return jdbc.sql("""
                UPDATE lease SET state = 'CLOSING', heartbeat_at = now()
                WHERE id = ? AND company_id = ? AND state = 'ACTIVE'
                RETURNING recorded_cost""").params(leaseId, companyId).query(BigDecimal.class).optional();
    }

    /** Once billing acknowledged the close. */
    void delete(UUID leaseId, UUID companyId) {
        jdbc.sql("DELETE FROM lease WHERE id = ? AND company_id = ? AND state = 'CLOSING'")
                .params(leaseId, companyId)
                .update();
    }

    /**
     * Takes over the leases of dead instances (active, heartbeat older than {@code abandonedAfter})
     * and the closes nobody finished (closing, untouched for {@code closeRetryAfter}), fencing the
     * active ones. Bumping {@code heartbeat_at} in the same statement keeps another reaper from
     * taking the same rows for {@code closeRetryAfter}; SKIP LOCKED keeps them from waiting on each
     * other.
     */
    List<Claimed> claimAbandoned(Duration abandonedAfter, Duration closeRetryAfter, int limit) {
        return jdbc.sql("""
                UPDATE lease SET state = 'CLOSING', heartbeat_at = now()
                WHERE id IN (
                    SELECT id FROM lease
                    WHERE (state = 'ACTIVE' AND heartbeat_at < now() - make_interval(secs => ?))
                       OR (state = 'CLOSING' AND heartbeat_at < now() - make_interval(secs => ?))
                    ORDER BY heartbeat_at
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, company_id, instance_id, recorded_cost""")
                .params(seconds(abandonedAfter), seconds(closeRetryAfter), limit)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("company_id", UUID.class),
                        rs.getObject("instance_id", UUID.class),
                        rs.getBigDecimal("recorded_cost")))
                .list();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
