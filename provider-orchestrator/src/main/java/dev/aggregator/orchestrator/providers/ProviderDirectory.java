package dev.aggregator.orchestrator.providers;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What other features may ask about providers: which ids and names exist. */
@Component
public class ProviderDirectory {

    /** A provider as other features refer to it. */
    public record ProviderRef(UUID id, String name) {}

    private final JdbcClient jdbc;

    ProviderDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Provider names are case-insensitive: this is the form names are compared in. */
    public static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The providers with these names, keyed by {@link #nameKey}; unknown names are absent. */
    public Map<String, ProviderRef> byName(Collection<String> names) {
        if (names.isEmpty()) return Map.of();
        return query(
                        "SELECT id, name FROM provider WHERE lower(name) IN (:values)",
                        names.stream()
                                .map(ProviderDirectory::nameKey)
                                .distinct()
                                .toList())
                .stream()
                .collect(Collectors.toMap(provider -> nameKey(provider.name()), provider -> provider));
    }

    /** The current names of these providers; ids of deleted providers are absent. */
    public Map<UUID, String> namesById(Collection<UUID> ids) {
        if (ids.isEmpty()) return Map.of();
        return toNamesById(query("SELECT id, name FROM provider WHERE id IN (:values)", List.copyOf(ids)));
    }

    /**
     * Like {@link #namesById}, and locks those providers against deletion until the caller's
     * transaction ends, so that rows written in it can safely refer to them.
     */
    public Map<UUID, String> lockExisting(Collection<UUID> ids) {
        if (ids.isEmpty()) return Map.of();
        return toNamesById(query("SELECT id, name FROM provider WHERE id IN (:values) FOR SHARE", List.copyOf(ids)));
    }

    private List<ProviderRef> query(String sql, List<?> values) {
        return jdbc.sql(sql)
                .param("values", values)
                .query((rs, row) -> new ProviderRef(rs.getObject("id", UUID.class), rs.getString("name")))
                .list();
    }

    private static Map<UUID, String> toNamesById(List<ProviderRef> providers) {
        return providers.stream().collect(Collectors.toMap(ProviderRef::id, ProviderRef::name));
    }
}
