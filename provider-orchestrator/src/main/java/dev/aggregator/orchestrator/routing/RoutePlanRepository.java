package dev.aggregator.orchestrator.routing;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The two reads behind a route plan, kept side by side because they run on every uncached chat
 * request: the model with its enabled offerings (one join over primary keys), and the company's
 * preference for it (one primary-key lookup).
 */
@Repository
class RoutePlanRepository {

    /** A model and the enabled offerings of it; {@code offers} is empty when no enabled provider serves it. */
    record ModelOffers(String model, Integer contextLength, Integer maxOutputTokens, List<Offer> offers) {}

    /** The company's stored preference, providers by id. */
    record StoredPreference(List<UUID> order, List<UUID> deny, boolean allowFallbacks, String sort) {}

    private final JdbcClient jdbc;

    RoutePlanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ModelOffers> modelOffers(String model) {
        // The left join keeps the model's row when no enabled provider offers it: unknown model
        // (no row) and unavailable model (a row without an offer) are different answers.
        Optional<ModelOffers> found = jdbc.sql("""
                        SELECT m.id, m.context_length, m.max_output_tokens,
                               p.id AS provider_id, p.name, p.type, p.base_url,
                               o.provider_model, o.input_price_per_million, o.output_price_per_million,
                               o.input_cost_per_million, o.output_cost_per_million
                        FROM model m
                        LEFT JOIN (offering o JOIN provider p ON p.id = o.provider_id AND p.enabled AND o.active)
                               ON o.model_id = m.id
                        WHERE m.id = ?""").param(model).query(rs -> {
            ModelOffers result = null;
            while (rs.next()) {
                if (result == null) {
                    result = new ModelOffers(
                            rs.getString("id"),
                            (Integer) rs.getObject("context_length"),
                            (Integer) rs.getObject("max_output_tokens"),
                            new ArrayList<>());
                }
                var providerId = rs.getObject("provider_id", UUID.class);
                if (providerId == null) continue;
                result.offers()
                        .add(new Offer(
                                providerId,
                                rs.getString("name"),
                                rs.getString("type"),
                                rs.getString("base_url"),
                                new ArrayList<>(),
                                rs.getString("provider_model"),
                                rs.getBigDecimal("input_price_per_million"),
                                rs.getBigDecimal("output_price_per_million"),
                                rs.getBigDecimal("input_cost_per_million"),
                                rs.getBigDecimal("output_cost_per_million")));
            }
            return Optional.ofNullable(result);
        });
        found.ifPresent(offers -> {
            if (!offers.offers().isEmpty()) addKeys(offers.offers());
        });
        return found;
    }

    /** Each offer's key pool, oldest key first: one more read over an index. */
    private void addKeys(List<Offer> offers) {
        var byProvider = new HashMap<UUID, Offer>();
        offers.forEach(offer -> byProvider.put(offer.providerId(), offer));
        jdbc.sql("""
                        SELECT id, provider_id, api_key_encrypted, weight FROM provider_key
                        WHERE provider_id IN (:providers) ORDER BY created_at, id""").param("providers", List.copyOf(byProvider.keySet())).query(rs -> {
            byProvider
                    .get(rs.getObject("provider_id", UUID.class))
                    .keys()
                    .add(new Offer.PoolKey(
                            rs.getObject("id", UUID.class), rs.getString("api_key_encrypted"), rs.getInt("weight")));
        });
    }

    Optional<StoredPreference> preference(UUID companyId, String model) {
        return jdbc.sql("""
                        SELECT provider_order, denied, allow_fallbacks, sort FROM preference
                        WHERE company_id = ? AND model = ?""")
                .params(companyId, model)
                .query((rs, row) -> new StoredPreference(
                        uuids(rs.getArray("provider_order")),
                        uuids(rs.getArray("denied")),
                        rs.getBoolean("allow_fallbacks"),
                        rs.getString("sort")))
                .optional();
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.asList((UUID[]) array.getArray());
    }
}
