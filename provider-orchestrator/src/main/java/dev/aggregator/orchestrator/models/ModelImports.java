package dev.aggregator.orchestrator.models;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.audit.AuditTrail;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Offerings imported from a provider's own model list, for a platform admin to review: they are
 * stored inactive (never routed nor listed) until approved here, or replaced by
 * {@code PUT /v1/models/{model}}. An imported offering's prices are the provider's costs (no margin)
 * when the list carries them, else zero, which cannot be approved until a PUT sets real prices.
 */
@Component
public class ModelImports {

    /** A model as the provider lists it; costs per million tokens, null when unknown. */
    public record Imported(
            String model, Integer contextLength, BigDecimal inputCostPerMillion, BigDecimal outputCostPerMillion) {}

    /** An offering waiting for review, or just approved. */
    public record Pending(
            String model,
            String providerModel,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion,
            BigDecimal inputCostPerMillion,
            BigDecimal outputCostPerMillion,
            Integer contextLength,
            String status) {}

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final AuditTrail audit;
    private final Clock clock;

    ModelImports(JdbcClient jdbc, OutboxWriter outbox, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stores each model the provider does not offer yet as an inactive offering (creating the model
     * when the catalogue lacks it); models it already offers, active or not, are left as they are.
     * Returns the offerings created.
     */
    @Transactional
    public List<Pending> importPending(Identity actor, UUID providerId, List<Imported> models) {
        var now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        var created = new ArrayList<Pending>();
        for (Imported model : models) {
            if (!ModelIds.isValid(model.model())) continue;
            jdbc.sql("""
                            INSERT INTO model (id, context_length, max_output_tokens, created_at, updated_at)
                            VALUES (?, ?, NULL, ?, ?) ON CONFLICT (id) DO NOTHING""").params(model.model(), model.contextLength(), now, now).update();
            BigDecimal inputPrice = model.inputCostPerMillion() == null ? BigDecimal.ZERO : model.inputCostPerMillion();
            BigDecimal outputPrice =
                    model.outputCostPerMillion() == null ? BigDecimal.ZERO : model.outputCostPerMillion();
            int inserted = jdbc.sql("""
                            INSERT INTO offering (model_id, provider_id, provider_model, input_price_per_million,
                                output_price_per_million, input_cost_per_million, output_cost_per_million, active)
                            VALUES (?, ?, ?, ?, ?, ?, ?, false) ON CONFLICT (model_id, provider_id) DO NOTHING""")
                    .params(
                            model.model(),
                            providerId,
                            model.model(),
                            inputPrice,
                            outputPrice,
                            model.inputCostPerMillion(),
                            model.outputCostPerMillion())
                    .update();
            if (inserted == 1) {
                created.add(new Pending(
                        model.model(),
                        model.model(),
                        inputPrice,
                        outputPrice,
                        model.inputCostPerMillion(),
                        model.outputCostPerMillion(),
                        model.contextLength(),
                        "pending"));
            }
        }
        audit.record(
                actor,
                "provider.models_synced",
                "provider:" + providerId,
                Map.of("listed", Integer.toString(models.size()), "imported", Integer.toString(created.size())));
        return created;
    }

    /** The provider's offerings waiting for review, by model. */
    @Transactional(readOnly = true)
    public List<Pending> pending(UUID providerId) {
        return jdbc.sql("""
                        SELECT o.model_id, o.provider_model, o.input_price_per_million, o.output_price_per_million,
                               o.input_cost_per_million, o.output_cost_per_million, m.context_length
                        FROM offering o JOIN model m ON m.id = o.model_id
                        WHERE o.provider_id = ? AND NOT o.active ORDER BY o.model_id""")
                .param(providerId)
                .query((rs, row) -> new Pending(
                        rs.getString("model_id"),
                        rs.getString("provider_model"),
                        rs.getBigDecimal("input_price_per_million"),
                        rs.getBigDecimal("output_price_per_million"),
                        rs.getBigDecimal("input_cost_per_million"),
                        rs.getBigDecimal("output_cost_per_million"),
                        (Integer) rs.getObject("context_length"),
                        "pending"))
                .list();
    }

    /**
     * Activates the provider's pending offerings of these models. A model without a pending
     * offering is a 404; one still priced at zero without a known cost is a 409 (set its prices
     * with {@code PUT /v1/models/{model}}). Nothing changes unless all can be approved.
     */
    @Transactional
    public List<Pending> approve(Identity actor, UUID providerId, List<String> models) {
        var pending = pending(providerId).stream()
                .filter(offering -> models.contains(offering.model()))
                .toList();
        var missing = new ArrayList<>(models);
        pending.forEach(offering -> missing.remove(offering.model()));
        if (!missing.isEmpty()) {
            throw ApiException.notFound("No pending offering of " + String.join(", ", missing) + " by this provider.");
        }
        for (Pending offering : pending) {
            boolean unpriced = offering.inputPricePerMillion().signum() == 0
                    && offering.outputPricePerMillion().signum() == 0
                    && offering.inputCostPerMillion() == null;
            if (unpriced) {
                throw ApiException.conflict("The offering of " + offering.model()
                        + " has no price: set it with PUT /v1/models/" + offering.model() + " instead.");
            }
        }
        jdbc.sql("UPDATE offering SET active = true WHERE provider_id = :provider AND model_id IN (:models)")
                .param("provider", providerId)
                .param("models", models)
                .update();
        outbox.append(CatalogChanged.of(null));
        audit.record(
                actor,
                "provider.offerings_approved",
                "provider:" + providerId,
                Map.of("models", String.join(",", models)));
        return pending.stream()
                .map(offering -> new Pending(
                        offering.model(),
                        offering.providerModel(),
                        offering.inputPricePerMillion(),
                        offering.outputPricePerMillion(),
                        offering.inputCostPerMillion(),
                        offering.outputCostPerMillion(),
                        offering.contextLength(),
                        "active"))
                .toList();
    }
}
