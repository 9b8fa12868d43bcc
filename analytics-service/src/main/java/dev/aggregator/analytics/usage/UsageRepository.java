package dev.aggregator.analytics.usage;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.analytics.query.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Aggregates over the request log; sums stay NUMERIC, so cost totals are exact. */
@Repository
class UsageRepository {

    /** Rows the driver fetches per round trip while streaming. */
    static final int STREAM_FETCH_SIZE = 500;

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final TransactionTemplate readOnly;

    UsageRepository(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // PostgreSQL's driver reads a result in fetch-size batches (a server-side cursor) only
        // with a fetch size and inside a transaction; otherwise it loads every row at once.
        var template = new JdbcTemplate(dataSource);
        template.setFetchSize(STREAM_FETCH_SIZE);
        this.streaming = JdbcClient.create(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    List<UsageReport.Bucket> buckets(CompanyScope scope, TimeRange range, GroupBy groupBy) {
        var where = Where.scopedTo(scope).createdWithin(range);
        return where.bind(jdbc.sql(sql(where, groupBy)))
                .query((rs, row) -> bucketOf(rs, groupBy))
                .list();
    }

    /**
     * The same buckets as {@link #buckets}, handed to {@code sink} one by one as the driver reads
     * them, so an export of a year of hours never sits in memory.
     */
    void stream(CompanyScope scope, TimeRange range, GroupBy groupBy, Consumer<UsageReport.Bucket> sink) {
        var where = Where.scopedTo(scope).createdWithin(range);
        readOnly.executeWithoutResult(status -> where.bind(streaming.sql(sql(where, groupBy)))
                .query((RowCallbackHandler) rs -> sink.accept(bucketOf(rs, groupBy))));
    }

    private static String sql(Where where, GroupBy groupBy) {
        String order = groupBy.isTime() ? "bucket DESC" : "cost DESC, bucket ASC NULLS LAST";
        return """
                SELECT %s AS bucket, count(*) AS requests, sum(prompt_tokens) AS prompt_tokens,
                       sum(completion_tokens) AS completion_tokens, sum(cost) AS cost
                FROM request_log %s
                GROUP BY 1
                ORDER BY %s
                """.formatted(groupBy.bucketSql(), where.sql(), order);
    }

    private static UsageReport.Bucket bucketOf(ResultSet rs, GroupBy groupBy) throws SQLException {
        return new UsageReport.Bucket(
                bucket(rs, groupBy),
                rs.getLong("requests"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getBigDecimal("cost"));
    }

    /** Time buckets as ISO-8601 UTC instants, e.g. {@code 2025-03-01T00:00:00Z}. */
    private static String bucket(ResultSet rs, GroupBy groupBy) throws SQLException {
        if (!groupBy.isTime()) return rs.getString("bucket");
        return rs.getObject("bucket", OffsetDateTime.class).toInstant().toString();
    }
}
