package dev.aggregator.auth.passwords;

import dev.aggregator.auth.support.Timestamps;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PasswordResetRepository {

    record PasswordReset(UUID id, UUID userId) {}

    private final JdbcClient jdbc;

    PasswordResetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int countSince(UUID userId, Instant since) {
        return jdbc.sql("SELECT count(*) FROM password_reset WHERE user_id = :userId AND created_at >= :since")
                .param("userId", userId)
                .param("since", Timestamps.sql(since))
                .query(Integer.class)
                .single();
    }

    void insert(UUID id, UUID userId, String tokenHash, Instant createdAt, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO password_reset (id, user_id, token_hash, created_at, expires_at)
                        VALUES (:id, :userId, :tokenHash, :createdAt, :expiresAt)""")
                .param("id", id)
                .param("userId", userId)
                .param("tokenHash", tokenHash)
                .param("createdAt", Timestamps.sql(createdAt))
                .param("expiresAt", Timestamps.sql(expiresAt))
                .update();
    }

    /** An unused, unexpired reset by its token's hash, locked so that it is used once. */
    Optional<PasswordReset> lockUsable(String tokenHash, Instant now) {
        return jdbc.sql("""
                        SELECT id, user_id FROM password_reset
                        WHERE token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now
                        FOR UPDATE""")
                .param("tokenHash", tokenHash)
                .param("now", Timestamps.sql(now))
                .query((rs, n) ->
                        new PasswordReset(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)))
                .optional();
    }

    /** Uses up every open reset of the account: one new password makes the other links moot. */
    void useAll(UUID userId, Instant at) {
        jdbc.sql("UPDATE password_reset SET used_at = :at WHERE user_id = :userId AND used_at IS NULL")
                .param("userId", userId)
                .param("at", Timestamps.sql(at))
                .update();
    }
}
