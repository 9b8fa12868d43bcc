package dev.aggregator.analytics.audit;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.TimeRange;
import dev.aggregator.analytics.query.Where;
import dev.aggregator.common.web.Cursors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class AuditLogRepository {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLogRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(AuditEntry entry) {
        jdbc.sql("""
                        INSERT INTO audit_log (id, company_id, actor, action, target, ip, details, created_at)
                        VALUES (:id, :company_id, :actor, :action, :target, :ip, CAST(:details AS jsonb), :created_at)
                        """)
                .param("id", entry.id())
                .param("company_id", entry.companyId())
                .param("actor", entry.actor())
                .param("action", entry.action())
                .param("target", entry.target())
                .param("ip", entry.ip())
                .param("details", json.writeValueAsString(entry.details()))
                .param("created_at", Where.timestamp(entry.createdAt()))
                .update();
    }

    /** Newest first, starting after {@code after}; at most {@code limit + 1} rows. */
    List<AuditEntry> findPage(CompanyScope scope, String action, TimeRange range, Cursors.Position after, int limit) {
        var where = Where.scopedTo(scope)
                .andIfPresent("action = :action", "action", action)
                .createdWithin(range)
                .before(after);
        return where.bind(jdbc.sql(
                        "SELECT * FROM audit_log " + where.sql() + " ORDER BY created_at DESC, id DESC LIMIT :limit"))
                .param("limit", Cursors.fetchSize(limit))
                .query(this::map)
                .list();
    }

    private AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("ip"),
                json.readValue(rs.getString("details"), DETAILS),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
