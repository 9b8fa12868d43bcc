package dev.aggregator.orchestrator.routing;

import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.providers.ProviderDirectory;
import dev.aggregator.orchestrator.providers.ProviderKeyCipher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides which providers serve a company's request for a model, in which order.
 *
 * <ol>
 *   <li>Start from the model's offerings whose provider is enabled.
 *   <li>Drop the providers the company denies for the model. A request cannot undo a denial.
 *   <li>Put first the providers of the request's {@code order}, if it names any, else those of the
 *       company's preference {@code order}, in that order. Names that are unknown, disabled, denied
 *       or do not offer the model are skipped.
 *   <li>The rest follow by price: input + output price per million ascending, then provider name
 *       (case-insensitive).
 *   <li>{@code allow_fallbacks} is the request's if given, else the preference's, else true; when
 *       false, only the first candidate is returned.
 *   <li>The request's {@code only} keeps only the providers it names, its {@code ignore} drops
 *       those it names (both by name, case-insensitive), after the steps above.
 *   <li>{@code sort} is the request's if given, else the preference's, else {@code price}; the
 *       proxy applies it to the candidates after the preferred ones, from the figures it observes.
 * </ol>
 *
 * An unknown model is a 404 {@code model-not-found}; a known model left without candidates (every
 * provider disabled or denied) is a 404 {@code no-provider-available}.
 *
 * <p>Provider health is the proxy's to apply, per request, from the state every proxy instance
 * shares (a plan is cached for up to a minute, health changes within a second).
 */
@Service
class RoutePlanner {

    private static final Comparator<Offer> BY_PRICE = Comparator.comparing(Offer::pricePerMillion)
            .thenComparing(offer -> ProviderDirectory.nameKey(offer.providerName()))
            .thenComparing(Offer::providerId);

    private final RoutePlanRepository repository;
    private final ProviderKeyCipher cipher;

    RoutePlanner(RoutePlanRepository repository, ProviderKeyCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    /**
     * @param requestedOrder provider names from the request, or empty to use the preference's
     * @param requestedAllowFallbacks the request's choice, or null to use the preference's
     */
    static final List<String> SORTS = List.of("price", "latency", "throughput");

    @Transactional(readOnly = true)
    RoutePlan plan(UUID companyId, String model, List<String> requestedOrder, Boolean requestedAllowFallbacks) {
        return plan(companyId, model, requestedOrder, requestedAllowFallbacks, null, List.of(), List.of());
    }

    /**
     * @param requestedSort the request's sort, or null for the preference's
     * @param only provider names the request allows, empty for all
     * @param ignore provider names the request excludes
     */
    @Transactional(readOnly = true)
    RoutePlan plan(
            UUID companyId,
            String model,
            List<String> requestedOrder,
            Boolean requestedAllowFallbacks,
            String requestedSort,
            List<String> only,
            List<String> ignore) {
        var catalogue = repository.modelOffers(model).orElseThrow(() -> modelNotFound(model));
        var preference = repository.preference(companyId, model);

        List<UUID> preferred = requestedOrder.isEmpty()
                ? preference.map(RoutePlanRepository.StoredPreference::order).orElse(List.of())
                : idsOf(requestedOrder, catalogue.offers());
        Set<UUID> denied = Set.copyOf(
                preference.map(RoutePlanRepository.StoredPreference::deny).orElse(List.of()));
        boolean allowFallbacks = requestedAllowFallbacks != null
                ? requestedAllowFallbacks
                : preference
                        .map(RoutePlanRepository.StoredPreference::allowFallbacks)
                        .orElse(true);

        String sort = requestedSort != null
                ? requestedSort
                : preference
                        .map(RoutePlanRepository.StoredPreference::sort)
                        .filter(SORTS::contains)
                        .orElse("price");

        Set<String> onlyNames = nameKeys(only);
        Set<String> ignored = nameKeys(ignore);
        var ranked = rank(catalogue.offers(), denied, preferred).stream()
                .filter(offer ->
                        onlyNames.isEmpty() || onlyNames.contains(ProviderDirectory.nameKey(offer.providerName())))
                .filter(offer -> !ignored.contains(ProviderDirectory.nameKey(offer.providerName())))
                .toList();
        if (ranked.isEmpty()) throw noProviderAvailable(model);
        var chosen = allowFallbacks ? ranked : ranked.subList(0, 1);
        Set<UUID> preferredIds = Set.copyOf(preferred);
        int preferredCount = 0;
        while (preferredCount < chosen.size()
                && preferredIds.contains(chosen.get(preferredCount).providerId())) preferredCount++;
        // Only the keys actually handed out are decrypted.
        return new RoutePlan(
                catalogue.model(),
                catalogue.contextLength(),
                catalogue.maxOutputTokens(),
                allowFallbacks,
                sort,
                preferredCount,
                chosen.stream().map(this::candidate).toList());
    }

    /** Steps 2 to 4 of the rule: deny, then preferred order, then price. */
    static List<Offer> rank(List<Offer> offers, Set<UUID> denied, List<UUID> preferred) {
        var allowed = offers.stream()
                .filter(offer -> !denied.contains(offer.providerId()))
                .collect(Collectors.toMap(Offer::providerId, Function.identity()));
        var ranked = new LinkedHashSet<Offer>();
        preferred.stream().map(allowed::get).filter(Objects::nonNull).forEach(ranked::add);
        allowed.values().stream().sorted(BY_PRICE).forEach(ranked::add);
        return new ArrayList<>(ranked);
    }

    /** The request names providers; the offers know which provider each name is. */
    private static List<UUID> idsOf(List<String> names, List<Offer> offers) {
        Map<String, UUID> byName = offers.stream()
                .collect(Collectors.toMap(offer -> ProviderDirectory.nameKey(offer.providerName()), Offer::providerId));
        return names.stream()
                .map(name -> byName.get(ProviderDirectory.nameKey(name.strip())))
                .filter(Objects::nonNull)
                .toList();
    }

    private static Set<String> nameKeys(List<String> names) {
        return names.stream()
                .map(name -> ProviderDirectory.nameKey(name.strip()))
                .collect(Collectors.toSet());
    }

    private RoutePlan.Candidate candidate(Offer offer) {
        var keys = offer.keys().stream()
                .map(key -> new RoutePlan.Key(
                        key.id(), cipher.decrypt(key.encryptedApiKey(), offer.providerId()), key.weight()))
                .toList();
        return new RoutePlan.Candidate(
                offer.providerId(),
                offer.providerName(),
                offer.providerType(),
                offer.baseUrl(),
                keys.isEmpty() ? null : keys.getFirst().apiKey(),
                keys,
                offer.providerModel(),
                offer.inputPricePerMillion(),
                offer.outputPricePerMillion(),
                offer.inputCostPerMillion(),
                offer.outputCostPerMillion());
    }

    static ApiException modelNotFound(String model) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "model-not-found",
                "Model not found",
                "The model '" + model + "' does not exist.");
    }

    private static ApiException noProviderAvailable(String model) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "no-provider-available",
                "No provider available",
                "No enabled provider that this company allows serves the model '" + model + "'.");
    }
}
