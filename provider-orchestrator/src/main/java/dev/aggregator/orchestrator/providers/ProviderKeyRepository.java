package dev.aggregator.orchestrator.providers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code provider_key} table: each provider's pool of encrypted API keys, oldest first. */
@Repository
class ProviderKeyRepository {

    /** A stored key, still encrypted (bound to its provider's id, see {@link ProviderKeyCipher}). */
    record StoredKey(UUID id, UUID providerId, String encryptedApiKey, int weight, Instant createdAt) {

        @Override
        public String toString() {
            return "StoredKey[id=%s, providerId=%s, weight=%d]".formatted(id, providerId, weight);
        }
    }

    private final JdbcClient jdbc;

    ProviderKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredKey key) {
        jdbc.sql("""
                        INSERT INTO provider_key (id, provider_id, api_key_encrypted, weight, created_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(
                        key.id(),
                        key.providerId(),
                        key.encryptedApiKey(),
                        key.weight(),
                        Timestamp.from(key.createdAt()))
                .update();
    }

    List<StoredKey> list(UUID providerId) {
        return jdbc.sql("""
                        SELECT id, provider_id, api_key_encrypted, weight, created_at FROM provider_key
                        WHERE provider_id = ? ORDER BY created_at, id""")
                .param(providerId)
                .query((rs, row) -> new StoredKey(
                        rs.getObject("id", UUID.class),
                        rs.getObject("provider_id", UUID.class),
                        rs.getString("api_key_encrypted"),
                        rs.getInt("weight"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    boolean delete(UUID providerId, UUID keyId) {
        return jdbc.sql("DELETE FROM provider_key WHERE provider_id = ? AND id = ?")
                        .params(providerId, keyId)
                        .update()
                == 1;
    }

    void deleteAll(UUID providerId) {
        jdbc.sql("DELETE FROM provider_key WHERE provider_id = ?")
                .param(providerId)
                .update();
    }
}
