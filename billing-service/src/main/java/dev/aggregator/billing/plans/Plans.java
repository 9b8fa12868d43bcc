package dev.aggregator.billing.plans;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The plan catalogue, seeded by migration. */
@Repository
public class Plans {

    private static final String COLUMNS = "id, name, monthly_price, tokens_included, discount_percent, description";

    private final JdbcClient jdbc;

    Plans(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Plan> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plan WHERE active ORDER BY sort_order, id")
                .query(Plans::plan)
                .list();
    }

    public Optional<Plan> findActive(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plan WHERE id = ? AND active")
                .param(id)
                .query(Plans::plan)
                .optional();
    }

    private static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(
                rs.getString("id"),
                rs.getString("name"),
                rs.getBigDecimal("monthly_price"),
                rs.getLong("tokens_included"),
                rs.getBigDecimal("discount_percent"),
                rs.getString("description"));
    }
}
