package dev.aggregator.auth.signing;

import dev.aggregator.auth.support.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SigningKeyRepository {

    /** DER-encoded key material: X.509 public key, PKCS#8 private key. */
    record StoredKey(String kid, byte[] publicKey, byte[] privateKey) {}

    private final JdbcClient jdbc;

    SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredKey> findActive() {
        return jdbc.sql("SELECT kid, public_key, private_key FROM signing_key WHERE active")
                .query((rs, n) ->
                        new StoredKey(rs.getString("kid"), rs.getBytes("public_key"), rs.getBytes("private_key")))
                .optional();
    }

    /** Every key whose signatures may still be presented, active one first. */
    List<StoredKey> findPublished() {
        return jdbc.sql("SELECT kid, public_key FROM signing_key ORDER BY active DESC, created_at DESC")
                .query((rs, n) -> new StoredKey(rs.getString("kid"), rs.getBytes("public_key"), null))
                .list();
    }

    /** Stores the key as the active one unless another instance got there first. */
    boolean insertActiveIfNone(StoredKey key, Instant createdAt) {
        return jdbc.sql("""
                        INSERT INTO signing_key (kid, public_key, private_key, created_at, active)
                        VALUES (:kid, :publicKey, :privateKey, :createdAt, TRUE)
                        ON CONFLICT DO NOTHING""")
                        .param("kid", key.kid())
                        .param("publicKey", key.publicKey())
                        .param("privateKey", key.privateKey())
                        .param("createdAt", Timestamps.sql(createdAt))
                        .update()
                == 1;
    }
}
