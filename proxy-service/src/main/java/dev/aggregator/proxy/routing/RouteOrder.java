package dev.aggregator.proxy.routing;

import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.health.ProviderStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The order of a plan's candidates for one request: the preferred ones first as the plan has them,
 * then the rest by the plan's {@code sort}. {@code price} is the plan's own order (the orchestrator
 * ranks by price); {@code latency} puts the lowest median time to first byte first,
 * {@code throughput} the most tokens per second, both from the figures every instance shares, with
 * providers not yet measured after the measured ones, in price order. Health itself (a provider
 * marked down) is the router's to apply, per attempt.
 */
@Component
class RouteOrder {

    private final ProviderHealth health;

    RouteOrder(ProviderHealth health) {
        this.health = health;
    }

    RoutePlan apply(RoutePlan plan) {
        if (plan.sort().equals("price") || plan.candidates().size() - plan.preferredCount() < 2) return plan;
        var ordered = new ArrayList<>(plan.candidates().subList(0, plan.preferredCount()));
        var rest = new ArrayList<>(plan.candidates()
                .subList(plan.preferredCount(), plan.candidates().size()));
        Function<Candidate, ProviderStatus> status = candidate -> health.status(candidate.providerId());
        Comparator<Candidate> order = switch (plan.sort()) {
            case "latency" ->
                Comparator.comparing(
                        candidate -> status.apply(candidate).latencyP50Ms(),
                        Comparator.nullsLast(Comparator.<Long>naturalOrder()));
            case "throughput" ->
                Comparator.comparing(
                        candidate -> status.apply(candidate).throughputTokensPerS(),
                        Comparator.nullsLast(Comparator.<Double>reverseOrder()));
            default -> (a, b) -> 0;
        };
        rest.sort(order); // stable: equal figures keep the price order
        ordered.addAll(rest);
        return plan.withCandidates(List.copyOf(ordered));
    }
}
