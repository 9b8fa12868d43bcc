package dev.aggregator.auth.sessions;

import dev.aggregator.auth.support.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RefreshTokenRepository {

    record RefreshToken(
            UUID id,
            UUID familyId,
            UUID userId,
            Instant familyStartedAt,
            Instant expiresAt,
            Instant usedAt,
            Instant revokedAt) {}

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            UUID id,
            String tokenHash,
            UUID familyId,
            UUID userId,
            Instant familyStartedAt,
            Instant createdAt,
            Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO refresh_token (id, token_hash, family_id, user_id, family_started_at,
                                                   created_at, expires_at)
                        VALUES (:id, :tokenHash, :familyId, :userId, :familyStartedAt, :createdAt, :expiresAt)""")
                .param("id", id)
                .param("tokenHash", tokenHash)
                .param("familyId", familyId)
                .param("userId", userId)
                .param("familyStartedAt", Timestamps.sql(familyStartedAt))
                .param("createdAt", Timestamps.sql(createdAt))
                .param("expiresAt", Timestamps.sql(expiresAt))
                .update();
    }

    /** Locks the row, so that two refreshes with one token are decided one after the other. */
    Optional<RefreshToken> lockByHash(String tokenHash) {
        return jdbc.sql("""
                        SELECT id, family_id, user_id, family_started_at, expires_at, used_at, revoked_at
                        FROM refresh_token WHERE token_hash = :tokenHash FOR UPDATE""")
                .param("tokenHash", tokenHash)
                .query((rs, n) -> new RefreshToken(
                        rs.getObject("id", UUID.class),
                        rs.getObject("family_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        Timestamps.read(rs, "family_started_at"),
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

    /** Revokes every refresh token of the user except those of {@code keptFamily} (null: none kept). */
    void revokeAllOfUser(UUID userId, UUID keptFamily, Instant at) {
        jdbc.sql("""
                        UPDATE refresh_token SET revoked_at = :at
                        WHERE user_id = :userId AND revoked_at IS NULL
                          AND (CAST(:kept AS UUID) IS NULL OR family_id <> CAST(:kept AS UUID))""")
                .param("userId", userId)
                .param("kept", keptFamily)
                .param("at", Timestamps.sql(at))
                .update();
    }

    /**
     * The user's logins that issued a token since {@code since}: each may still hold an unexpired
     * access token (one is issued with every refresh token).
     */
    List<UUID> familiesActiveSince(UUID userId, Instant since) {
        return jdbc.sql("SELECT DISTINCT family_id FROM refresh_token WHERE user_id = :userId AND created_at >= :since")
                .param("userId", userId)
                .param("since", Timestamps.sql(since))
                .query(UUID.class)
                .list();
    }
}
