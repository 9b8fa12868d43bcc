package dev.aggregator.orchestrator.preferences;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code preference} table; every statement is scoped to one company. */
@Repository
class PreferenceRepository {

    private static final String COLUMNS = "model, provider_order, denied, allow_fallbacks, sort, updated_at";

    private final JdbcClient jdbc;

    PreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void upsert(UUID companyId, Preference preference) {
        var updatedAt = Timestamp.from(preference.updatedAt());
        jdbc.sql("""
                        INSERT INTO preference (company_id, model, provider_order, denied, allow_fallbacks, sort, created_at, updated_at)
                        VALUES (?, ?, ?::uuid[], ?::uuid[], ?, ?, ?, ?)
                        ON CONFLICT (company_id, model) DO UPDATE SET provider_order = EXCLUDED.provider_order,
                            denied = EXCLUDED.denied, allow_fallbacks = EXCLUDED.allow_fallbacks, sort = EXCLUDED.sort,
                            updated_at = EXCLUDED.updated_at""")
                .params(
                        companyId,
                        preference.model(),
                        textArray(preference.order()),
                        textArray(preference.deny()),
                        preference.allowFallbacks(),
                        preference.sort(),
                        updatedAt,
                        updatedAt)
                .update();
    }

    Optional<Preference> find(UUID companyId, String model) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM preference WHERE company_id = ? AND model = ?")
                .params(companyId, model)
                .query(PreferenceRepository::map)
                .optional();
    }

    List<Preference> findAll(UUID companyId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM preference WHERE company_id = ? ORDER BY model")
                .param(companyId)
                .query(PreferenceRepository::map)
                .list();
    }

    boolean delete(UUID companyId, String model) {
        return jdbc.sql("DELETE FROM preference WHERE company_id = ? AND model = ?")
                        .params(companyId, model)
                        .update()
                == 1;
    }

    /** PostgreSQL's array literal, cast to uuid[] in the statement. */
    private static String textArray(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }

    private static Preference map(ResultSet rs, int row) throws SQLException {
        return new Preference(
                rs.getString("model"),
                uuids(rs.getArray("provider_order")),
                uuids(rs.getArray("denied")),
                rs.getBoolean("allow_fallbacks"),
                rs.getString("sort"),
                rs.getTimestamp("updated_at").toInstant());
    }

    static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.asList((UUID[]) array.getArray());
    }
}
