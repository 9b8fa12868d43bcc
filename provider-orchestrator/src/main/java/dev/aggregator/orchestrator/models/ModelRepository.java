package dev.aggregator.orchestrator.models;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code model} and {@code offering} tables. Models are platform-wide. */
@Repository
class ModelRepository {

    /** The row after an upsert: when the model was first created, and whether that was now. */
    record Upserted(Instant createdAt, boolean created) {}

    /** A model in the public catalogue, priced at its cheapest enabled offering. */
    record Listed(String id, Instant createdAt, Integer contextLength, BigDecimal inputPrice, BigDecimal outputPrice) {}

    /**
     * Models with at least one enabled offering. The cheapest offering follows the route plan's
     * price rule: input + output price per million, then provider name.
     */
    private static final String LISTED = """
            SELECT m.id, m.created_at, m.context_length, c.input_price_per_million, c.output_price_per_million
            FROM model m
            CROSS JOIN LATERAL (
                SELECT o.input_price_per_million, o.output_price_per_million
                FROM offering o JOIN provider p ON p.id = o.provider_id
                WHERE o.model_id = m.id AND p.enabled AND o.active
                ORDER BY o.input_price_per_million + o.output_price_per_million, lower(p.name)
                LIMIT 1) c
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    ModelRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** Creates the model or updates its limits; the row stays locked until the transaction ends. */
    Upserted upsert(String id, Integer contextLength, Integer maxOutputTokens, Instant now) {
        // xmax = 0 only on a freshly inserted row: PostgreSQL's way of telling insert from update.
        return jdbc.sql("""
                        INSERT INTO model (id, context_length, max_output_tokens, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET context_length = EXCLUDED.context_length,
                            max_output_tokens = EXCLUDED.max_output_tokens, updated_at = EXCLUDED.updated_at
                        RETURNING created_at, (xmax = 0) AS created""")
                .params(id, contextLength, maxOutputTokens, Timestamp.from(now), Timestamp.from(now))
                .query((rs, row) -> new Upserted(rs.getTimestamp("created_at").toInstant(), rs.getBoolean("created")))
                .single();
    }

    void replaceOfferings(String modelId, List<OfferingRequest> offerings) {
        jdbc.sql("DELETE FROM offering WHERE model_id = ?").param(modelId).update();
        jdbcTemplate.batchUpdate(
                """
                INSERT INTO offering (model_id, provider_id, provider_model, input_price_per_million,
                    output_price_per_million, input_cost_per_million, output_cost_per_million)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                offerings.stream()
                        .map(o -> new Object[] {
                            modelId,
                            o.providerId(),
                            o.providerModel(),
                            o.inputPricePerMillion(),
                            o.outputPricePerMillion(),
                            o.inputCostPerMillion(),
                            o.outputCostPerMillion()
                        })
                        .toList());
    }

    /** Deletes the model and, by cascade, its offerings; false when there was no such model. */
    boolean delete(String id) {
        return jdbc.sql("DELETE FROM model WHERE id = ?").param(id).update() == 1;
    }

    List<Listed> listed() {
        return jdbc.sql(LISTED + " ORDER BY m.id")
                .query(ModelRepository::mapListed)
                .list();
    }

    Optional<Listed> listed(String id) {
        return jdbc.sql(LISTED + " WHERE m.id = ?")
                .param(id)
                .query(ModelRepository::mapListed)
                .optional();
    }

    /** An enabled provider's offering of a model, for {@code /endpoints}. */
    record Served(
            UUID providerId,
            String provider,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion,
            Integer contextLength) {}

    /** The model's offerings by enabled providers, cheapest first; empty when none (or no such model). */
    List<Served> servedBy(String id) {
        return jdbc.sql("""
                        SELECT p.id, p.name, o.provider_model, o.input_price_per_million, o.output_price_per_million,
                               m.context_length
                        FROM model m JOIN offering o ON o.model_id = m.id JOIN provider p ON p.id = o.provider_id
                        WHERE m.id = ? AND p.enabled AND o.active
                        ORDER BY o.input_price_per_million + o.output_price_per_million, lower(p.name)""")
                .param(id)
                .query((rs, row) -> new Served(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("provider_model"),
                        rs.getBigDecimal("input_price_per_million"),
                        rs.getBigDecimal("output_price_per_million"),
                        (Integer) rs.getObject("context_length")))
                .list();
    }

    private static Listed mapListed(ResultSet rs, int row) throws SQLException {
        return new Listed(
                rs.getString("id"),
                rs.getTimestamp("created_at").toInstant(),
                (Integer) rs.getObject("context_length"),
                rs.getBigDecimal("input_price_per_million"),
                rs.getBigDecimal("output_price_per_million"));
    }
}
