package dev.aggregator.analytics.query;

import dev.aggregator.common.web.Cursors;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code WHERE} clause of a read query, always starting from the tenancy condition, so a
 * query cannot forget it. Conditions use named parameters and are joined with {@code AND}.
 */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    private Where() {}

    /** Rows of the scope's company, or of every company for a platform-wide scope. */
    public static Where scopedTo(CompanyScope scope) {
        var where = new Where();
        if (!scope.isPlatformWide()) where.and("company_id = :company_id", "company_id", scope.companyId());
        return where;
    }

    public Where and(String condition, String param, Object value) {
        conditions.add(condition);
        params.put(param, value);
        return this;
    }

    /** A condition without parameters; a constant, never client input. */
    public Where and(String condition) {
        conditions.add(condition);
        return this;
    }

    /** Adds the condition only when {@code value} is present (an optional filter). */
    public Where andIfPresent(String condition, String param, Object value) {
        return value == null ? this : and(condition, param, value);
    }

    /** {@code created_at} within the range; an open end adds no condition. */
    public Where createdWithin(TimeRange range) {
        andIfPresent("created_at >= :from", "from", timestamp(range.from()));
        return andIfPresent("created_at < :to", "to", timestamp(range.to()));
    }

    /** Rows strictly after a keyset position, in {@code created_at DESC, id DESC} order. */
    public Where before(Cursors.Position position) {
        if (position == null) return this;
        params.put("cursor_created_at", timestamp(position.createdAt()));
        params.put("cursor_id", position.id());
        conditions.add("(created_at, id) < (:cursor_created_at, :cursor_id)");
        return this;
    }

    public String sql() {
        return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    }

    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        params.forEach(statement::param);
        return statement;
    }

    /**
     * The driver maps {@link OffsetDateTime}, not {@link Instant}, to {@code TIMESTAMPTZ}, which
     * holds microseconds: truncating here, rather than letting PostgreSQL round, keeps what is
     * stored a prefix of what was sent.
     */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
