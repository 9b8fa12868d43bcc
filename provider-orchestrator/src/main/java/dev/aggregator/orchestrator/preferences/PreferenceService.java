package dev.aggregator.orchestrator.preferences;

import dev.aggregator.common.events.PreferencesChanged;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.audit.AuditTrail;
import dev.aggregator.orchestrator.models.ModelDirectory;
import dev.aggregator.orchestrator.providers.ProviderDirectory;
import dev.aggregator.orchestrator.providers.ProviderDirectory.ProviderRef;
import dev.aggregator.orchestrator.support.FieldErrors;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's provider preferences per model. Every read and write is scoped to the caller's
 * company; a change announces {@code preferences.changed} so the proxy re-plans that company's
 * requests for the model.
 */
@Service
class PreferenceService {

    private final PreferenceRepository preferences;
    private final ProviderDirectory providers;
    private final ModelDirectory models;
    private final OutboxWriter outbox;
    private final AuditTrail audit;
    private final Clock clock;

    PreferenceService(
            PreferenceRepository preferences,
            ProviderDirectory providers,
            ModelDirectory models,
            OutboxWriter outbox,
            AuditTrail audit,
            Clock clock) {
        this.preferences = preferences;
        this.providers = providers;
        this.models = models;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    PreferenceList list(UUID companyId) {
        var all = preferences.findAll(companyId);
        var names = providers.namesById(
                all.stream().flatMap(PreferenceService::providerIds).toList());
        return new PreferenceList(all.stream().map(p -> toResponse(p, names)).toList());
    }

    @Transactional(readOnly = true)
    PreferenceResponse get(UUID companyId, String model) {
        var preference = preferences.find(companyId, model).orElseThrow(() -> notFound(model));
        return toResponse(
                preference, providers.namesById(providerIds(preference).toList()));
    }

    /** Replaces the preference; unknown names, repeats, or a provider both ordered and denied are a 400. */
    @Transactional
    PreferenceResponse put(Identity actor, String model, PreferenceRequest request) {
        if (!models.exists(model)) {
            throw ApiException.notFound("The model '" + model + "' does not exist.");
        }
        var known = providers.byName(Stream.concat(request.order().stream(), request.denyOrEmpty().stream())
                .toList());
        var errors = new FieldErrors();
        var order = resolve("order", request.order(), known, Set.of(), errors);
        var deny = resolve("deny", request.denyOrEmpty(), known, new HashSet<>(order), errors);
        errors.throwIfAny();

        var preference = new Preference(
                model,
                order,
                deny,
                request.allowFallbacks(),
                request.sort(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        preferences.upsert(actor.companyId(), preference);
        outbox.append(PreferencesChanged.of(actor.companyId(), model));
        var names = namesOf(known.values());
        var response = toResponse(preference, names);
        audit.record(
                actor,
                "preference.updated",
                "preference:" + model,
                Map.of(
                        "order", String.join(",", response.order()),
                        "deny", String.join(",", response.deny()),
                        "allow_fallbacks", Boolean.toString(response.allowFallbacks()),
                        "sort", response.sort()));
        return response;
    }

    @Transactional
    void delete(Identity actor, String model) {
        if (!preferences.delete(actor.companyId(), model)) throw notFound(model);
        outbox.append(PreferencesChanged.of(actor.companyId(), model));
        audit.record(actor, "preference.deleted", "preference:" + model, Map.of());
    }

    /**
     * The ids of the named providers, in order, recording a field error for each unknown, repeated
     * or {@code excluded} name.
     */
    private static List<UUID> resolve(
            String field, List<String> names, Map<String, ProviderRef> known, Set<UUID> excluded, FieldErrors errors) {
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < names.size(); i++) {
            String at = field + "[" + i + "]";
            ProviderRef provider = known.get(ProviderDirectory.nameKey(names.get(i)));
            if (provider == null) errors.add(at, "is not a known provider");
            else if (ids.contains(provider.id())) errors.add(at, "names a provider already listed");
            else if (excluded.contains(provider.id())) errors.add(at, "names a provider that is also in order");
            else ids.add(provider.id());
        }
        return ids;
    }

    /** Ids of deleted providers are left out: they can no longer be ordered or denied. */
    private static PreferenceResponse toResponse(Preference preference, Map<UUID, String> names) {
        return new PreferenceResponse(
                preference.model(),
                namesOf(preference.order(), names),
                preference.allowFallbacks(),
                namesOf(preference.deny(), names),
                preference.sort() == null ? "price" : preference.sort(),
                preference.updatedAt());
    }

    private static List<String> namesOf(List<UUID> ids, Map<UUID, String> names) {
        return ids.stream().map(names::get).filter(Objects::nonNull).toList();
    }

    private static Map<UUID, String> namesOf(Collection<ProviderRef> providers) {
        return providers.stream().collect(Collectors.toMap(ProviderRef::id, ProviderRef::name));
    }

    private static Stream<UUID> providerIds(Preference preference) {
        return Stream.concat(preference.order().stream(), preference.deny().stream());
    }

    private static ApiException notFound(String model) {
        return ApiException.notFound("There is no preference for the model '" + model + "'.");
    }
}
