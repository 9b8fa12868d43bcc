package dev.aggregator.auth.apikeys;

import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.web.Cursors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

    // last_used_at is for people, minute precision is plenty, and the verify path stays read-mostly.
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final String COLUMNS = """
            id, company_id, name, prefix, scopes, rpm_limit, monthly_spend_limit, models,
            created_at, expires_at, last_used_at, revoked_at""";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, String keyHash, UUID createdBy) {
        jdbc.sql("""
                        INSERT INTO api_key (id, company_id, name, key_hash, prefix, scopes, rpm_limit,
                                             monthly_spend_limit, models, created_by, created_at, expires_at)
                        VALUES (:id, :companyId, :name, :keyHash, :prefix, string_to_array(:scopes, ' '), :rpmLimit,
                                :monthlySpendLimit, :models, :createdBy, :createdAt, :expiresAt)""")
                .param("id", key.id())
                .param("companyId", key.companyId())
                .param("name", key.name())
                .param("keyHash", keyHash)
                .param("prefix", key.prefix())
                .param("scopes", String.join(" ", key.scopes()))
                .param("rpmLimit", key.rpmLimit())
                .param("monthlySpendLimit", key.monthlySpendLimit())
                .param("models", key.models().toArray(String[]::new))
                .param("createdBy", createdBy)
                .param("createdAt", Timestamps.sql(key.createdAt()))
                .param("expiresAt", Timestamps.sql(key.expiresAt()))
                .update();
    }

    /** One page of a company's keys, newest first, after {@code position} when given. */
    List<ApiKey> page(UUID companyId, Cursors.Position position, int limit) {
        String after = position == null ? "" : " AND (created_at, id) < (:afterCreatedAt, :afterId)";
        var statement = jdbc.sql("SELECT " + COLUMNS + " FROM api_key WHERE company_id = :companyId" + after
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("companyId", companyId)
                .param("limit", limit);
        if (position != null) {
            statement = statement
                    .param("afterCreatedAt", Timestamps.sql(position.createdAt()))
                    .param("afterId", position.id());
        }
        return statement.query((rs, n) -> apiKey(rs)).list();
    }

    /** Revokes a live key of this company; the prefix of the key revoked, or empty if none was. */
    Optional<String> revoke(UUID companyId, UUID id, Instant at) {
        return jdbc.sql("""
                        UPDATE api_key SET revoked_at = :at
                        WHERE id = :id AND company_id = :companyId AND revoked_at IS NULL
                        RETURNING prefix""")
                .param("id", id)
                .param("companyId", companyId)
                .param("at", Timestamps.sql(at))
                .query(String.class)
                .optional();
    }

    /** Saves what a PATCH may change of a key of this company; empty when it has no such key. */
    Optional<ApiKey> update(UUID companyId, ApiKey key) {
        return jdbc.sql("""
                        UPDATE api_key SET name = :name, rpm_limit = :rpmLimit,
                                           monthly_spend_limit = :monthlySpendLimit, models = :models,
                                           expires_at = :expiresAt
                        WHERE id = :id AND company_id = :companyId
                        RETURNING""" + " " + COLUMNS)
                .param("name", key.name())
                .param("rpmLimit", key.rpmLimit())
                .param("monthlySpendLimit", key.monthlySpendLimit())
                .param("models", key.models().toArray(String[]::new))
                .param("expiresAt", Timestamps.sql(key.expiresAt()))
                .param("id", key.id())
                .param("companyId", companyId)
                .query((rs, n) -> apiKey(rs))
                .optional();
    }

    /** The company's key, locked for a change; empty for an unknown key or another company's. */
    Optional<ApiKey> lock(UUID companyId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_key WHERE id = :id AND company_id = :companyId FOR UPDATE")
                .param("id", id)
                .param("companyId", companyId)
                .query((rs, n) -> apiKey(rs))
                .optional();
    }

    boolean exists(UUID companyId, UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM api_key WHERE id = :id AND company_id = :companyId)")
                .param("id", id)
                .param("companyId", companyId)
                .query(Boolean.class)
                .single();
    }

    /**
     * The live key with this hash, in one round trip that also refreshes its {@code last_used_at}
     * when that is more than a minute old (a data-modifying CTE runs even though nothing reads it).
     */
    Optional<ApiKey> findUsableAndTouch(String keyHash, Instant now) {
        return jdbc.sql("WITH usable AS (SELECT " + COLUMNS + """
                         FROM api_key
                            WHERE key_hash = :keyHash AND revoked_at IS NULL
                              AND (expires_at IS NULL OR expires_at > :now)
                        ), touched AS (
                            UPDATE api_key SET last_used_at = :now
                            WHERE id IN (SELECT id FROM usable)
                              AND (last_used_at IS NULL OR last_used_at < :staleBefore)
                        )
                        SELECT * FROM usable""")
                .param("keyHash", keyHash)
                .param("now", Timestamps.sql(now))
                .param("staleBefore", Timestamps.sql(now.minus(LAST_USED_RESOLUTION)))
                .query((rs, n) -> apiKey(rs))
                .optional();
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                List.of((String[]) rs.getArray("scopes").getArray()),
                rs.getObject("rpm_limit", Integer.class),
                rs.getBigDecimal("monthly_spend_limit"),
                List.of((String[]) rs.getArray("models").getArray()),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "expires_at"),
                Timestamps.read(rs, "last_used_at"),
                Timestamps.read(rs, "revoked_at"));
    }
}
