package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.RoutePlan;
import java.util.List;
import java.util.UUID;

/**
 * A request that may run: the candidates it may use, in order, and what it holds of its company's
 * budget until {@link Admission#finished} (or a failure in {@link Admission#run}) gives it back.
 */
public record Admitted(RoutePlan plan, List<Candidate> candidates, Hold hold) {

    /** The lease the request's usage is recorded under; null when it held nothing (free). */
    public UUID leaseId() {
        return hold.leaseId();
    }
}
