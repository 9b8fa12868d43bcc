package dev.aggregator.analytics.usage;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.analytics.query.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Aggregates over the request log; sums stay NUMERIC, so cost totals are exact. */
@Repository
class UsageRepository {

    private final JdbcClient jdbc;

    UsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<UsageReport.Bucket> buckets(CompanyScope scope, TimeRange range, GroupBy groupBy) {
        var where = Where.scopedTo(scope).createdWithin(range);
        String order = groupBy.isTime() ? "bucket DESC" : "cost DESC, bucket ASC NULLS LAST";
        String sql = """
                SELECT %s AS bucket, count(*) AS requests, sum(prompt_tokens) AS prompt_tokens,
                       sum(completion_tokens) AS completion_tokens, sum(cost) AS cost
                FROM request_log %s
                GROUP BY 1
                ORDER BY %s
                """.formatted(groupBy.bucketSql(), where.sql(), order);
        return where.bind(jdbc.sql(sql))
                .query((rs, row) -> new UsageReport.Bucket(
                        bucket(rs, groupBy),
                        rs.getLong("requests"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getBigDecimal("cost")))
                .list();
    }

    /** Time buckets as ISO-8601 UTC instants, e.g. {@code 2025-03-01T00:00:00Z}. */
    private static String bucket(ResultSet rs, GroupBy groupBy) throws SQLException {
        if (!groupBy.isTime()) return rs.getString("bucket");
        return rs.getObject("bucket", OffsetDateTime.class).toInstant().toString();
    }
}
