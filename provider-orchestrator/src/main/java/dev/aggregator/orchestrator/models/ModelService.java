package dev.aggregator.orchestrator.models;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.audit.AuditTrail;
import dev.aggregator.orchestrator.health.ProviderHealthReader;
import dev.aggregator.orchestrator.providers.ProviderDirectory;
import dev.aggregator.orchestrator.support.FieldErrors;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The model catalogue: administration by the platform admin, and the public list. A change
 * announces {@code catalog.changed} for the model, so the proxy re-plans with the new prices.
 */
@Service
class ModelService {

    private final ModelRepository models;
    private final ProviderDirectory providers;
    private final OutboxWriter outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final ProviderHealthReader health;

    ModelService(
            ModelRepository models,
            ProviderDirectory providers,
            OutboxWriter outbox,
            AuditTrail audit,
            Clock clock,
            ProviderHealthReader health) {
        this.health = health;
        this.models = models;
        this.providers = providers;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates or replaces the model; its offerings are replaced as a whole. Invalid input changes nothing. */
    @Transactional
    ModelResponse upsert(Identity actor, String id, UpsertModelRequest request) {
        var offerings = request.offerings();
        var providerNames = providers.lockExisting(
                offerings.stream().map(OfferingRequest::providerId).toList());
        validate(request, providerNames);

        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var stored = models.upsert(id, request.contextLength(), request.maxOutputTokens(), now);
        models.replaceOfferings(id, offerings);
        var response = new ModelResponse(
                id,
                request.contextLength(),
                request.maxOutputTokens(),
                offerings.stream()
                        .map(offering -> toResponse(offering, providerNames.get(offering.providerId())))
                        .toList(),
                stored.createdAt(),
                now);

        outbox.append(CatalogChanged.of(id));
        audit.record(
                actor,
                stored.created() ? "model.created" : "model.updated",
                "model:" + id,
                Map.of(
                        "offerings",
                        Integer.toString(offerings.size()),
                        "providers",
                        String.join(
                                ",",
                                response.offerings().stream()
                                        .map(ModelResponse.Offering::providerName)
                                        .toList())));
        return response;
    }

    @Transactional
    void delete(Identity actor, String id) {
        if (!models.delete(id)) throw notFound(id);
        outbox.append(CatalogChanged.of(id));
        audit.record(actor, "model.deleted", "model:" + id, Map.of());
    }

    /** The models that can be used now: served by at least one enabled provider. */
    @Transactional(readOnly = true)
    List<CatalogModel> catalogue() {
        return models.listed().stream().map(CatalogModel::of).toList();
    }

    @Transactional(readOnly = true)
    CatalogModel catalogueEntry(String id) {
        return models.listed(id).map(CatalogModel::of).orElseThrow(() -> notFound(id));
    }

    /** The providers serving the model, cheapest first, with their health; 404 like {@link #catalogueEntry}. */
    @Transactional(readOnly = true)
    ModelEndpoint.EndpointList endpoints(String id) {
        var served = models.servedBy(id);
        if (served.isEmpty()) throw notFound(id);
        var figures = health.read(
                served.stream().map(ModelRepository.Served::providerId).toList());
        return new ModelEndpoint.EndpointList(served.stream()
                .map(offer -> {
                    var h = figures.get(offer.providerId());
                    return new ModelEndpoint(
                            offer.provider(),
                            offer.providerModel(),
                            offer.inputPricePerMillion(),
                            offer.outputPricePerMillion(),
                            offer.contextLength(),
                            h.status(),
                            h.latencyP50Ms(),
                            h.throughputTokensPerS());
                })
                .toList());
    }

    /** What Bean Validation cannot check: limits against each other and offerings against the providers. */
    private static void validate(UpsertModelRequest request, Map<UUID, String> existingProviders) {
        var errors = new FieldErrors();
        if (request.contextLength() != null
                && request.maxOutputTokens() != null
                && request.maxOutputTokens() > request.contextLength()) {
            errors.add("max_output_tokens", "must not exceed context_length");
        }
        var seen = new HashSet<UUID>();
        var offerings = request.offerings();
        for (int i = 0; i < offerings.size(); i++) {
            UUID providerId = offerings.get(i).providerId();
            String field = "offerings[" + i + "].provider_id";
            if (!existingProviders.containsKey(providerId)) errors.add(field, "is not a known provider");
            else if (!seen.add(providerId)) errors.add(field, "appears in more than one offering");
        }
        errors.throwIfAny();
    }

    private static ModelResponse.Offering toResponse(OfferingRequest offering, String providerName) {
        return new ModelResponse.Offering(
                offering.providerId(),
                providerName,
                offering.providerModel(),
                trimmed(offering.inputPricePerMillion()),
                trimmed(offering.outputPricePerMillion()),
                trimmed(offering.inputCostPerMillion()),
                trimmed(offering.outputCostPerMillion()));
    }

    /** {@code 0.15} rather than {@code 0.15000000}: the same number, as the client wrote it. */
    private static BigDecimal trimmed(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    static ApiException notFound(String id) {
        return new ApiException(
                HttpStatus.NOT_FOUND, "model-not-found", "Model not found", "The model '" + id + "' does not exist.");
    }
}
