package dev.aggregator.orchestrator.providers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code provider} table. Providers are platform-wide: they belong to no company. */
@Repository
class ProviderRepository {

    private static final String COLUMNS = "id, name, type, base_url, enabled, created_at, updated_at";

    /** The columns, and whether the provider's key pool holds a key. */
    private static final String SELECT = "SELECT " + COLUMNS
            + ", EXISTS (SELECT 1 FROM provider_key k WHERE k.provider_id = provider.id) AS has_api_key FROM provider";

    private final JdbcClient jdbc;

    ProviderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the name is taken. */
    void insert(Provider provider) {
        jdbc.sql("INSERT INTO provider (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        provider.id(),
                        provider.name(),
                        provider.type().id(),
                        provider.baseUrl(),
                        provider.enabled(),
                        Timestamp.from(provider.createdAt()),
                        Timestamp.from(provider.updatedAt()))
                .update();
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the new name is taken. */
    void update(Provider provider) {
        jdbc.sql("""
                        UPDATE provider SET name = ?, base_url = ?, enabled = ?, updated_at = ?
                        WHERE id = ?""")
                .params(
                        provider.name(),
                        provider.baseUrl(),
                        provider.enabled(),
                        Timestamp.from(provider.updatedAt()),
                        provider.id())
                .update();
    }

    Optional<Provider> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ?")
                .param(id)
                .query(ProviderRepository::map)
                .optional();
    }

    /** Locks the row, so that concurrent updates of one provider apply one after the other. */
    Optional<Provider> findForUpdate(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE OF provider")
                .param(id)
                .query(ProviderRepository::map)
                .optional();
    }

    List<Provider> findAll() {
        return jdbc.sql(SELECT + " ORDER BY lower(name)")
                .query(ProviderRepository::map)
                .list();
    }

    /** Deletes the provider and, by cascade, its offerings; the deleted name, if there was one. */
    Optional<String> delete(UUID id) {
        return jdbc.sql("DELETE FROM provider WHERE id = ? RETURNING name")
                .param(id)
                .query(String.class)
                .optional();
    }

    private static Provider map(ResultSet rs, int row) throws SQLException {
        return new Provider(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                ProviderType.fromId(rs.getString("type")),
                rs.getString("base_url"),
                rs.getBoolean("has_api_key"),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
