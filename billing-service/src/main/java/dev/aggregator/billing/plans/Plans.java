package dev.aggregator.billing.plans;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The plan catalogue, seeded by migration and managed by platform admins. */
@Repository
public class Plans {

    private static final String COLUMNS = "id, name, monthly_price, included_usage, discount_percent, description";

    private final JdbcClient jdbc;

    Plans(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Plan> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plan WHERE active ORDER BY sort_order, monthly_price, id")
                .query(Plans::plan)
                .list();
    }

    public Optional<Plan> findActive(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plan WHERE id = ? AND active")
                .param(id)
                .query(Plans::plan)
                .optional();
    }

    /** The plan, on sale or withdrawn (its subscribers still renew on it). */
    public Optional<Plan> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plan WHERE id = ?")
                .param(id)
                .query(Plans::plan)
                .optional();
    }

    /**
     * Creates or replaces a plan. Subscriptions keep the price and package they bought until their
     * next renewal, which charges what the plan says then.
     */
    Plan save(Plan plan, boolean active, int sortOrder) {
        return jdbc.sql("""
                        INSERT INTO plan (id, name, monthly_price, included_usage, discount_percent, description,
                                          sort_order, active)
                        VALUES (:id, :name, :price, :included, :discount, :description, :sortOrder, :active)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, monthly_price = EXCLUDED.monthly_price,
                            included_usage = EXCLUDED.included_usage, discount_percent = EXCLUDED.discount_percent,
                            description = EXCLUDED.description, sort_order = EXCLUDED.sort_order,
                            active = EXCLUDED.active
                        RETURNING""" + " " + COLUMNS)
                .param("id", plan.id())
                .param("name", plan.name())
                .param("price", plan.monthlyPrice())
                .param("included", plan.includedUsage())
                .param("discount", plan.discountPercent())
                .param("description", plan.description())
                .param("sortOrder", sortOrder)
                .param("active", active)
                .query(Plans::plan)
                .single();
    }

    private static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(
                rs.getString("id"),
                rs.getString("name"),
                rs.getBigDecimal("monthly_price"),
                rs.getBigDecimal("included_usage"),
                rs.getBigDecimal("discount_percent"),
                rs.getString("description"));
    }
}
