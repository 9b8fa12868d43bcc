package dev.aggregator.analytics.requests;

import dev.aggregator.analytics.query.CompanyScope;
import dev.aggregator.analytics.query.Where;
import dev.aggregator.common.web.Cursors;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

@Repository
class RequestLogRepository {

    private final JdbcClient jdbc;

    RequestLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores each entry's request, or updates its row when the entry is newer ({@link
     * RequestLogEntry#NEWEST_LAST}, compared in SQL the same way), in one statement whatever the
     * number of entries. A redelivered or out-of-order older event thus changes nothing, and a row
     * of another company is never touched. The entries must have distinct usage ids: one statement
     * cannot update a row twice.
     */
    void upsertNewest(List<RequestLogEntry> entries) {
        if (entries.isEmpty()) return;
        int n = entries.size();
        var usageIds = new UUID[n];
        var requestIds = new String[n];
        var companyIds = new UUID[n];
        var apiKeyIds = new UUID[n];
        var userIds = new UUID[n];
        var endpoints = new String[n];
        var models = new String[n];
        var providerIds = new UUID[n];
        var providerNames = new String[n];
        var statuses = new String[n];
        var httpStatuses = new Integer[n];
        var errorCodes = new String[n];
        var promptTokens = new Long[n];
        var completionTokens = new Long[n];
        var costs = new BigDecimal[n];
        var platformCosts = new BigDecimal[n];
        var latencies = new Long[n];
        var ttfts = new Long[n];
        var streamed = new Boolean[n];
        var finals = new Boolean[n];
        var createdAts = new String[n];
        for (int i = 0; i < n; i++) {
            var entry = entries.get(i);
            usageIds[i] = entry.usageId();
            requestIds[i] = entry.requestId();
            companyIds[i] = entry.companyId();
            apiKeyIds[i] = entry.apiKeyId();
            userIds[i] = entry.userId();
            endpoints[i] = entry.endpoint();
            models[i] = entry.model();
            providerIds[i] = entry.providerId();
            providerNames[i] = entry.providerName();
            statuses[i] = entry.status();
            httpStatuses[i] = entry.httpStatus();
            errorCodes[i] = entry.errorCode();
            promptTokens[i] = entry.promptTokens();
            completionTokens[i] = entry.completionTokens();
            costs[i] = entry.cost();
            platformCosts[i] = entry.platformCost();
            latencies[i] = entry.latencyMs();
            ttfts[i] = entry.ttftMs();
            streamed[i] = entry.streamed();
            finals[i] = entry.finalFigures();
            createdAts[i] = Where.timestamp(entry.createdAt()).toString();
        }
        // One array per column, unnested into rows: the statement text stays the same for any batch
        // size, so it is prepared once.
        jdbc.sql("""
                        INSERT INTO request_log (id, usage_id, request_id, company_id, api_key_id, user_id, endpoint,
                            model, provider_id, provider_name, status, http_status, error_code, prompt_tokens,
                            completion_tokens, cost, platform_cost, latency_ms, ttft_ms, streamed, final, created_at)
                        SELECT usage_id, usage_id, request_id, company_id, api_key_id, user_id, endpoint,
                            model, provider_id, provider_name, status, http_status, error_code, prompt_tokens,
                            completion_tokens, cost, platform_cost, latency_ms, ttft_ms, streamed, final, created_at
                        FROM unnest(:usage_id, :request_id, :company_id, :api_key_id, :user_id, :endpoint,
                            :model, :provider_id, :provider_name, :status, :http_status, :error_code, :prompt_tokens,
                            :completion_tokens, :cost, :platform_cost, :latency_ms, :ttft_ms, :streamed, :final,
                            CAST(:created_at AS timestamptz[]))
                            AS entry (usage_id, request_id, company_id, api_key_id, user_id, endpoint,
                            model, provider_id, provider_name, status, http_status, error_code, prompt_tokens,
                            completion_tokens, cost, platform_cost, latency_ms, ttft_ms, streamed, final, created_at)
                        ON CONFLICT (usage_id) DO UPDATE SET
                            request_id = EXCLUDED.request_id, api_key_id = EXCLUDED.api_key_id,
                            user_id = EXCLUDED.user_id, endpoint = EXCLUDED.endpoint, model = EXCLUDED.model,
                            provider_id = EXCLUDED.provider_id, provider_name = EXCLUDED.provider_name,
                            status = EXCLUDED.status, http_status = EXCLUDED.http_status,
                            error_code = EXCLUDED.error_code, prompt_tokens = EXCLUDED.prompt_tokens,
                            completion_tokens = EXCLUDED.completion_tokens, cost = EXCLUDED.cost,
                            platform_cost = EXCLUDED.platform_cost,
                            latency_ms = EXCLUDED.latency_ms, ttft_ms = EXCLUDED.ttft_ms,
                            streamed = EXCLUDED.streamed, final = EXCLUDED.final, created_at = EXCLUDED.created_at
                        WHERE request_log.company_id = EXCLUDED.company_id
                            AND (EXCLUDED.final, EXCLUDED.cost, EXCLUDED.completion_tokens, EXCLUDED.latency_ms)
                                > (request_log.final, request_log.cost, request_log.completion_tokens,
                                   request_log.latency_ms)
                        """)
                .param("usage_id", new SqlArrayValue("uuid", (Object[]) usageIds))
                .param("request_id", new SqlArrayValue("text", (Object[]) requestIds))
                .param("company_id", new SqlArrayValue("uuid", (Object[]) companyIds))
                .param("api_key_id", new SqlArrayValue("uuid", (Object[]) apiKeyIds))
                .param("user_id", new SqlArrayValue("uuid", (Object[]) userIds))
                .param("endpoint", new SqlArrayValue("text", (Object[]) endpoints))
                .param("model", new SqlArrayValue("text", (Object[]) models))
                .param("provider_id", new SqlArrayValue("uuid", (Object[]) providerIds))
                .param("provider_name", new SqlArrayValue("text", (Object[]) providerNames))
                .param("status", new SqlArrayValue("text", (Object[]) statuses))
                .param("http_status", new SqlArrayValue("int4", (Object[]) httpStatuses))
                .param("error_code", new SqlArrayValue("text", (Object[]) errorCodes))
                .param("prompt_tokens", new SqlArrayValue("int8", (Object[]) promptTokens))
                .param("completion_tokens", new SqlArrayValue("int8", (Object[]) completionTokens))
                .param("cost", new SqlArrayValue("numeric", (Object[]) costs))
                .param("platform_cost", new SqlArrayValue("numeric", (Object[]) platformCosts))
                .param("latency_ms", new SqlArrayValue("int8", (Object[]) latencies))
                .param("ttft_ms", new SqlArrayValue("int8", (Object[]) ttfts))
                .param("streamed", new SqlArrayValue("bool", (Object[]) streamed))
                .param("final", new SqlArrayValue("bool", (Object[]) finals))
                .param("created_at", new SqlArrayValue("text", (Object[]) createdAts))
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
                rs.getObject("usage_id", UUID.class),
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
                rs.getBigDecimal("platform_cost"),
                rs.getLong("latency_ms"),
                rs.getObject("ttft_ms", Long.class),
                rs.getBoolean("streamed"),
                rs.getBoolean("final"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
