package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.RoutePlan;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A request that may run: the candidates it may use, in order, and the funds set aside for it.
 *
 * @param reservationId null when the worst case costs nothing (free offerings), so nothing was
 *     reserved
 */
public record Admitted(RoutePlan plan, List<Candidate> candidates, BigDecimal reserved, UUID reservationId) {}
