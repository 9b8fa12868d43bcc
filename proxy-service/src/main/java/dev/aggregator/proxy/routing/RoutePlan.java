package dev.aggregator.proxy.routing;

import java.util.List;
import java.util.function.Predicate;

/**
 * The orchestrator's answer for (company, model): the candidates in the order to try them, after
 * the company's preferences and any per-request override. The first {@code preferredCount} are
 * the company's (or the request's) order; the proxy ranks the rest by {@code sort} per request
 * ({@link RouteOrder}).
 *
 * @param maxOutputTokens the model's output limit, or null when the catalog does not know it
 */
public record RoutePlan(
        String model,
        Integer contextLength,
        Integer maxOutputTokens,
        boolean allowFallbacks,
        String sort,
        int preferredCount,
        List<Candidate> candidates) {

    public RoutePlan {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        sort = sort == null ? "price" : sort;
        preferredCount = Math.clamp(preferredCount, 0, candidates.size());
    }

    public RoutePlan(
            String model,
            Integer contextLength,
            Integer maxOutputTokens,
            boolean allowFallbacks,
            List<Candidate> candidates) {
        this(model, contextLength, maxOutputTokens, allowFallbacks, "price", 0, candidates);
    }

    RoutePlan withCandidates(List<Candidate> ordered) {
        return new RoutePlan(model, contextLength, maxOutputTokens, allowFallbacks, sort, preferredCount, ordered);
    }

    /**
     * The candidates this request may use, in order: only the first when fallbacks are off, and of
     * those only the ones {@code servable} accepts (e.g. a provider type without embeddings).
     */
    public List<Candidate> usable(Predicate<Candidate> servable) {
        var allowed = allowFallbacks || candidates.isEmpty() ? candidates : candidates.subList(0, 1);
        return allowed.stream().filter(servable).toList();
    }
}
