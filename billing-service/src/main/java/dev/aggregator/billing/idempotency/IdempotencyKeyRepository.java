package dev.aggregator.billing.idempotency;

import java.time.Duration;
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
     * the same key, PostgreSQL makes this statement wait for it to finish: after a commit the claim
     * fails (the caller replays the stored result), after a rollback it succeeds.
     *
     * <p>A stored key older than {@code ttl} no longer counts: the claim takes it over as if it
     * were new (the purge job may simply not have reached it yet). The {@code WHERE} of the
     * {@code DO UPDATE} is evaluated on the row as committed, so two requests racing for one
     * expired key still have exactly one winner.
     */
    boolean claim(UUID scope, String key, String requestHash, Duration ttl) {
        return jdbc.sql("""
                                INSERT INTO idempotency_key (scope_company_id, idempotency_key, request_hash)
                                VALUES (?, ?, ?)
                                ON CONFLICT (scope_company_id, idempotency_key) DO UPDATE
                                    SET request_hash = EXCLUDED.request_hash, response_status = NULL,
                                        response_body = NULL, created_at = now()
                                    WHERE idempotency_key.created_at < now() - make_interval(secs => ?)""").params(scope, key, requestHash, ttl.toSeconds()).update() == 1;
    }

    /**
     * Deletes at most {@code limit} keys older than {@code ttl}, skipping rows a claim holds, and
     * returns how many. Small batches keep each delete's locks and WAL short.
     */
    int deleteExpired(Duration ttl, int limit) {
        return jdbc.sql("""
                        DELETE FROM idempotency_key WHERE ctid = ANY (ARRAY(
                            SELECT ctid FROM idempotency_key
                            WHERE created_at < now() - make_interval(secs => ?)
                            LIMIT ? FOR UPDATE SKIP LOCKED))""").params(ttl.toSeconds(), limit).update();
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
