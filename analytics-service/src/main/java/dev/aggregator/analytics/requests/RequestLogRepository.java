package dev.aggregator.analytics.requests;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.Where;
import dev.aggregator.common.web.Cursors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RequestLogRepository {

    private final JdbcClient jdbc;

    RequestLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(RequestLogEntry entry) {
        jdbc.sql("""
                        INSERT INTO request_log (id, request_id, company_id, api_key_id, user_id, endpoint, model,
                            provider_id, provider_name, status, http_status, error_code, prompt_tokens,
                            completion_tokens, cost, latency_ms, ttft_ms, streamed, created_at)
                        VALUES (:id, :request_id, :company_id, :api_key_id, :user_id, :endpoint, :model,
                            :provider_id, :provider_name, :status, :http_status, :error_code, :prompt_tokens,
                            :completion_tokens, :cost, :latency_ms, :ttft_ms, :streamed, :created_at)
                        """)
                .param("id", entry.id())
                .param("request_id", entry.requestId())
                .param("company_id", entry.companyId())
                .param("api_key_id", entry.apiKeyId())
                .param("user_id", entry.userId())
                .param("endpoint", entry.endpoint())
                .param("model", entry.model())
                .param("provider_id", entry.providerId())
                .param("provider_name", entry.providerName())
                .param("status", entry.status())
                .param("http_status", entry.httpStatus())
                .param("error_code", entry.errorCode())
                .param("prompt_tokens", entry.promptTokens())
                .param("completion_tokens", entry.completionTokens())
                .param("cost", entry.cost())
                .param("latency_ms", entry.latencyMs())
                .param("ttft_ms", entry.ttftMs())
                .param("streamed", entry.streamed())
                .param("created_at", Where.timestamp(entry.createdAt()))
                .update();
    }

    /** Newest first, starting after {@code after}; at most {@code limit + 1} rows. */
    List<RequestLogEntry> findPage(CompanyScope scope, RequestFilter filter, Cursors.Position after, int limit) {
        var where = Where.scopedTo(scope)
                .andIfPresent("model = :model", "model", filter.model())
                .andIfPresent("status = :status", "status", filter.status())
                .before(after);
        return where.bind(jdbc.sql(
                        "SELECT * FROM request_log " + where.sql() + " ORDER BY created_at DESC, id DESC LIMIT :limit"))
                .param("limit", Cursors.fetchSize(limit))
                .query(RequestLogRepository::map)
                .list();
    }

    private static RequestLogEntry map(ResultSet rs, int row) throws SQLException {
        return new RequestLogEntry(
                rs.getObject("id", UUID.class),
                rs.getString("request_id"),
                rs.getObject("company_id", UUID.class),
                rs.getObject("api_key_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("endpoint"),
                rs.getString("model"),
                rs.getObject("provider_id", UUID.class),
                rs.getString("provider_name"),
                rs.getString("status"),
                rs.getInt("http_status"),
                rs.getString("error_code"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getBigDecimal("cost"),
                rs.getLong("latency_ms"),
                rs.getObject("ttft_ms", Long.class),
                rs.getBoolean("streamed"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
