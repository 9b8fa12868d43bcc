package dev.aggregator.auth.sessions;

import dev.aggregator.auth.support.Timestamps;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RefreshTokenRepository {

    record RefreshToken(UUID id, UUID familyId, UUID userId, Instant expiresAt, Instant usedAt, Instant revokedAt) {}

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String tokenHash, UUID familyId, UUID userId, Instant createdAt, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO refresh_token (id, token_hash, family_id, user_id, created_at, expires_at)
                        VALUES (:id, :tokenHash, :familyId, :userId, :createdAt, :expiresAt)""")
                .param("id", id)
                .param("tokenHash", tokenHash)
                .param("familyId", familyId)
                .param("userId", userId)
                .param("createdAt", Timestamps.sql(createdAt))
                .param("expiresAt", Timestamps.sql(expiresAt))
                .update();
    }

    /** Locks the row, so that two refreshes with one token are decided one after the other. */
    Optional<RefreshToken> lockByHash(String tokenHash) {
        return jdbc.sql("""
                        SELECT id, family_id, user_id, expires_at, used_at, revoked_at FROM refresh_token
                        WHERE token_hash = :tokenHash FOR UPDATE""")
                .param("tokenHash", tokenHash)
                .query((rs, n) -> new RefreshToken(
                        rs.getObject("id", UUID.class),
                        rs.getObject("family_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        Timestamps.read(rs, "expires_at"),
                        Timestamps.read(rs, "used_at"),
                        Timestamps.read(rs, "revoked_at")))
                .optional();
    }

    void markUsed(UUID id, Instant at) {
        jdbc.sql("UPDATE refresh_token SET used_at = :at WHERE id = :id")
                .param("id", id)
                .param("at", Timestamps.sql(at))
                .update();
    }

    void revokeFamily(UUID familyId, Instant at) {
        jdbc.sql("UPDATE refresh_token SET revoked_at = :at WHERE family_id = :familyId AND revoked_at IS NULL")
                .param("familyId", familyId)
                .param("at", Timestamps.sql(at))
                .update();
    }
}
