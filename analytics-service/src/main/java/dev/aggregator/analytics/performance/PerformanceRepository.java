package dev.aggregator.analytics.performance;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.analytics.query.Where;
import dev.aggregator.common.events.UsageRecorded;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PerformanceRepository {

    private static final String SQL = """
            SELECT provider_name, model, count(*) AS requests,
                   round(CAST(count(*) FILTER (WHERE status <> :success) AS numeric) / count(*), 4) AS error_rate,
                   %s, %s, %s, %s, %s, %s
            FROM request_log %s
            GROUP BY provider_name, model
            ORDER BY requests DESC, provider_name, model
            """;

    private final JdbcClient jdbc;

    PerformanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Busiest groups first. Requests that never reached a provider are left out: they say
     * nothing about one.
     */
    List<PerformanceReport.Entry> byProviderAndModel(CompanyScope scope, TimeRange range) {
        var where = Where.scopedTo(scope).createdWithin(range).and("provider_name IS NOT NULL");
        String sql = SQL.formatted(
                percentile("0.5", "latency_ms", "latency_p50"),
                percentile("0.95", "latency_ms", "latency_p95"),
                percentile("0.99", "latency_ms", "latency_p99"),
                percentile("0.5", "ttft_ms", "ttft_p50"),
                percentile("0.95", "ttft_ms", "ttft_p95"),
                percentile("0.99", "ttft_ms", "ttft_p99"),
                where.sql());
        return where.bind(jdbc.sql(sql))
                .param("success", UsageRecorded.SUCCESS)
                .query((rs, row) -> new PerformanceReport.Entry(
                        rs.getString("provider_name"),
                        rs.getString("model"),
                        rs.getLong("requests"),
                        rs.getBigDecimal("error_rate"),
                        PerformanceReport.Percentiles.ofNullable(
                                rs.getBigDecimal("latency_p50"),
                                rs.getBigDecimal("latency_p95"),
                                rs.getBigDecimal("latency_p99")),
                        PerformanceReport.Percentiles.ofNullable(
                                rs.getBigDecimal("ttft_p50"),
                                rs.getBigDecimal("ttft_p95"),
                                rs.getBigDecimal("ttft_p99"))))
                .list();
    }

    /** Linear interpolation between the nearest values, as most latency dashboards do; NULLs are skipped. */
    private static String percentile(String fraction, String column, String alias) {
        return "round(CAST(percentile_cont(%s) WITHIN GROUP (ORDER BY %s) AS numeric), 1) AS %s"
                .formatted(fraction, column, alias);
    }
}
