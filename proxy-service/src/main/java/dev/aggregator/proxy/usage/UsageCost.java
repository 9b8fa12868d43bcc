package dev.aggregator.proxy.usage;

import dev.aggregator.proxy.routing.Candidate;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * THE rounding rule of the platform: the cost of one request is {@code (prompt_tokens ×
 * input_price_per_million + completion_tokens × output_price_per_million) / 1 000 000}, computed
 * exactly and rounded once, half-even, to 8 decimal places. Nothing else in the platform rounds a
 * charge, so the client's {@code usage.cost}, the event and the ledger agree to the last digit.
 */
public final class UsageCost {

    public static final int SCALE = 8;

    private UsageCost() {}

    public static BigDecimal of(
            long promptTokens,
            long completionTokens,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion) {
        return exact(promptTokens, completionTokens, inputPricePerMillion, outputPricePerMillion)
                .setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    public static BigDecimal of(TokenUsage usage, Candidate candidate) {
        return of(
                usage.promptTokens(),
                usage.completionTokens(),
                candidate.inputPricePerMillion(),
                candidate.outputPricePerMillion());
    }

    /**
     * What the provider charges the platform for this usage, by the same rule at its cost prices;
     * null when either cost price is unknown.
     */
    public static BigDecimal platformCost(TokenUsage usage, Candidate candidate) {
        if (candidate.inputCostPerMillion() == null || candidate.outputCostPerMillion() == null) return null;
        return of(
                usage.promptTokens(),
                usage.completionTokens(),
                candidate.inputCostPerMillion(),
                candidate.outputCostPerMillion());
    }

    /** The unrounded cost; {@code movePointLeft} divides by a million without any rounding. */
    static BigDecimal exact(
            long promptTokens,
            long completionTokens,
            BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion) {
        if (promptTokens < 0 || completionTokens < 0) throw new IllegalArgumentException("negative token count");
        return inputPricePerMillion
                .multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPricePerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                .movePointLeft(6);
    }
}
