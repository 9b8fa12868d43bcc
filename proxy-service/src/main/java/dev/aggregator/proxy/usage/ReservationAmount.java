package dev.aggregator.proxy.usage;

import dev.aggregator.proxy.routing.Candidate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Function;

/**
 * The most a request can cost: estimated prompt tokens at the highest input price, plus the output
 * bound at the highest output price, among the candidates that may serve it (a fallback may land
 * on a pricier provider). Rounded UP to 8 places, so the reservation always covers the charge
 * computed by {@link UsageCost} for the same token counts.
 */
public final class ReservationAmount {

    private ReservationAmount() {}

    public static BigDecimal worstCase(long promptTokens, long maxOutputTokens, List<Candidate> candidates) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidate to price");
        BigDecimal inputPrice = highest(candidates, Candidate::inputPricePerMillion);
        BigDecimal outputPrice = highest(candidates, Candidate::outputPricePerMillion);
        return UsageCost.exact(promptTokens, maxOutputTokens, inputPrice, outputPrice)
                .setScale(UsageCost.SCALE, RoundingMode.CEILING);
    }

    private static BigDecimal highest(List<Candidate> candidates, Function<Candidate, BigDecimal> price) {
        return candidates.stream().map(price).reduce(BigDecimal.ZERO, BigDecimal::max);
    }
}
