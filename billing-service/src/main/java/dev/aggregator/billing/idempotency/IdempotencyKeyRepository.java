package dev.aggregator.billing.idempotency;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyKeyRepository {

    record StoredKey(String requestHash, Integer responseStatus, String responseBody) {}

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for this transaction. When another transaction holds an uncommitted claim on
     * the same key, PostgreSQL makes this insert wait for it to finish: after a commit the claim
     * fails (the caller replays the stored result), after a rollback it succeeds.
     */
    boolean claim(UUID scope, String key, String requestHash) {
        return jdbc.sql("""
                                INSERT INTO idempotency_key (scope_company_id, idempotency_key, request_hash)
                                VALUES (?, ?, ?) ON CONFLICT DO NOTHING""").params(scope, key, requestHash).update() == 1;
    }

    void complete(UUID scope, String key, int status, String body) {
        jdbc.sql("""
                        UPDATE idempotency_key SET response_status = ?, response_body = ?
                        WHERE scope_company_id = ? AND idempotency_key = ?""").params(status, body, scope, key).update();
    }

    Optional<StoredKey> find(UUID scope, String key) {
        return jdbc.sql("""
                        SELECT request_hash, response_status, response_body FROM idempotency_key
                        WHERE scope_company_id = ? AND idempotency_key = ?""")
                .params(scope, key)
                .query((rs, row) -> new StoredKey(
                        rs.getString("request_hash"),
                        rs.getObject("response_status", Integer.class),
                        rs.getString("response_body")))
                .optional();
    }
}
