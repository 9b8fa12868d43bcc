package dev.aggregator.analytics.margins;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.analytics.query.Where;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class MarginRepository {

    private static final String SQL = """
            SELECT provider_name, model, count(*) AS requests, sum(cost) AS revenue,
                   coalesce(sum(platform_cost), 0) AS cost,
                   count(*) FILTER (WHERE platform_cost IS NULL AND cost > 0) AS without_cost
            FROM request_log %s
            GROUP BY provider_name, model
            ORDER BY revenue DESC, provider_name, model
            """;

    private final JdbcClient jdbc;

    MarginRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every company's requests that reached a provider, by provider and model, highest revenue first. */
    List<MarginReport.Entry> byProviderAndModel(TimeRange range) {
        var where =
                Where.scopedTo(CompanyScope.platformWide()).createdWithin(range).and("provider_name IS NOT NULL");
        return where.bind(jdbc.sql(SQL.formatted(where.sql())))
                .query((rs, row) -> new MarginReport.Entry(
                        rs.getString("provider_name"),
                        rs.getString("model"),
                        rs.getLong("requests"),
                        rs.getBigDecimal("revenue"),
                        rs.getBigDecimal("cost"),
                        rs.getBigDecimal("revenue").subtract(rs.getBigDecimal("cost")),
                        rs.getLong("without_cost")))
                .list();
    }
}
