package dev.aggregator.billing.keybudgets;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** key_budget rows; every change runs under the row's lock, taken after leases and before accounts. */
@Repository
class KeyBudgetRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    KeyBudgetRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** Creates the month's row if needed, records the cap the key has now, and locks the row. */
    KeyBudget lockWithLimit(KeyMonth keyMonth, UUID companyId, BigDecimal spendLimit) {
        return jdbc.sql("""
                        INSERT INTO key_budget (api_key_id, month, company_id, spend_limit)
                        VALUES (:key, :month, :company, :limit)
                        ON CONFLICT (api_key_id, month) DO UPDATE SET spend_limit = EXCLUDED.spend_limit, updated_at = now()
                        RETURNING api_key_id, month, spend_limit, spent, reserved""")
                .param("key", keyMonth.apiKeyId())
                .param("month", Date.valueOf(keyMonth.firstDay()))
                .param("company", companyId)
                .param("limit", spendLimit)
                .query(KeyBudgetRepository::budget)
                .single();
    }

    /** Locks the month's row as it is (its cap as last recorded). */
    KeyBudget lock(KeyMonth keyMonth) {
        return jdbc.sql("""
                        SELECT api_key_id, month, spend_limit, spent, reserved FROM key_budget
                        WHERE api_key_id = ? AND month = ? FOR UPDATE""")
                .params(keyMonth.apiKeyId(), Date.valueOf(keyMonth.firstDay()))
                .query(KeyBudgetRepository::budget)
                .single();
    }

    /** Creates missing rows and locks all of them, in lock order (the caller sorts). */
    void openAndLock(List<KeyMonth> sorted, List<UUID> companies) {
        if (sorted.isEmpty()) return;
        var rows = new java.util.ArrayList<Object[]>();
        for (int i = 0; i < sorted.size(); i++) {
            rows.add(new Object[] {
                sorted.get(i).apiKeyId(), Date.valueOf(sorted.get(i).firstDay()), companies.get(i)
            });
        }
        jdbcTemplate.batchUpdate(
                "INSERT INTO key_budget (api_key_id, month, company_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                rows,
                new int[] {Types.OTHER, Types.DATE, Types.OTHER});
        var pairs = sorted.stream()
                .map(k -> new Object[] {k.apiKeyId(), Date.valueOf(k.firstDay())})
                .toList();
        jdbc.sql("SELECT 1 FROM key_budget WHERE (api_key_id, month) IN (:pairs) ORDER BY api_key_id, month FOR UPDATE")
                .param("pairs", pairs)
                .query(Integer.class)
                .list();
    }

    /** Adds signed changes to rows the caller has locked. */
    void add(Collection<KeyBudgetChange> changes) {
        var rows = changes.stream()
                .filter(c -> c.spent().signum() != 0 || c.reserved().signum() != 0)
                .map(c -> new Object[] {
                    c.spent(),
                    c.reserved(),
                    c.keyMonth().apiKeyId(),
                    Date.valueOf(c.keyMonth().firstDay())
                })
                .toList();
        if (rows.isEmpty()) return;
        jdbcTemplate.batchUpdate(
                "UPDATE key_budget SET spent = spent + ?, reserved = reserved + ?, updated_at = now()"
                        + " WHERE api_key_id = ? AND month = ?",
                rows,
                new int[] {Types.NUMERIC, Types.NUMERIC, Types.OTHER, Types.DATE});
    }

    record KeyBudgetChange(KeyMonth keyMonth, BigDecimal spent, BigDecimal reserved) {}

    private static KeyBudget budget(ResultSet rs, int row) throws SQLException {
        var month = rs.getDate("month").toLocalDate();
        return new KeyBudget(
                new KeyMonth(rs.getObject("api_key_id", UUID.class), YearMonth.from(month)),
                rs.getBigDecimal("spend_limit"),
                rs.getBigDecimal("spent"),
                rs.getBigDecimal("reserved"));
    }
}
