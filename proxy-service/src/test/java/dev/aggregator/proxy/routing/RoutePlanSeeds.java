package dev.aggregator.proxy.routing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Puts route plans straight into the proxy's cache, so that flow tests run without an orchestrator.
 * Plans seeded this way are exactly what the orchestrator would have answered.
 */
public final class RoutePlanSeeds {

    private RoutePlanSeeds() {}

    public static RoutePlan seed(RoutePlans plans, UUID companyId, String model, List<Candidate> candidates) {
        var plan = new RoutePlan(model, 8192, null, true, candidates);
        plans.cache()
                .put(
                        new RoutePlans.Key(companyId, model, ProviderOverride.NONE),
                        CompletableFuture.completedFuture(plan));
        return plan;
    }

    /** Seeds a whole plan, e.g. one with a {@code sort} and preferred candidates. */
    public static RoutePlan seed(RoutePlans plans, UUID companyId, RoutePlan plan) {
        plans.cache()
                .put(
                        new RoutePlans.Key(companyId, plan.model(), ProviderOverride.NONE),
                        CompletableFuture.completedFuture(plan));
        return plan;
    }

    public static boolean isCached(RoutePlans plans, UUID companyId, String model) {
        return plans.cache().getIfPresent(new RoutePlans.Key(companyId, model, ProviderOverride.NONE)) != null;
    }
}
