package dev.aggregator.analytics.margins;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/analytics/margins}: per provider and model, what companies paid ({@code revenue}),
 * what the providers charged the platform ({@code cost}) and the difference ({@code margin}).
 * {@code requests_without_cost} counts requests whose offering had no cost prices: their revenue
 * is in {@code revenue} and nothing in {@code cost}, so the margin overstates by that much.
 */
record MarginReport(List<Entry> data, Totals totals, Instant from, Instant to) {

    record Entry(
            String provider,
            String model,
            long requests,
            BigDecimal revenue,
            BigDecimal cost,
            BigDecimal margin,
            long requestsWithoutCost) {}

    record Totals(long requests, BigDecimal revenue, BigDecimal cost, BigDecimal margin, long requestsWithoutCost) {

        static Totals of(List<Entry> entries) {
            return new Totals(
                    entries.stream().mapToLong(Entry::requests).sum(),
                    entries.stream().map(Entry::revenue).reduce(BigDecimal.ZERO, BigDecimal::add),
                    entries.stream().map(Entry::cost).reduce(BigDecimal.ZERO, BigDecimal::add),
                    entries.stream().map(Entry::margin).reduce(BigDecimal.ZERO, BigDecimal::add),
                    entries.stream().mapToLong(Entry::requestsWithoutCost).sum());
        }
    }
}
