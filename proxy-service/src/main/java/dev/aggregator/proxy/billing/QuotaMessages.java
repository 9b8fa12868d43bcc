package dev.aggregator.proxy.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The client-facing wording of a refused lease: what the request needs and what is available. */
final class QuotaMessages {

    private QuotaMessages() {}

    /**
     * E.g. "This request needs up to $0.00614 but only $0.00100 is available. Lower max_tokens or
     * add funds." Both amounts get the same number of decimals, as many as the more precise one
     * needs (at least two), so they compare at a glance. Neither is rounded: both are exact at 8
     * places already.
     */
    static String insufficientFunds(BigDecimal required, BigDecimal available) {
        int scale = Math.max(2, Math.max(significantScale(required), significantScale(available)));
        return "This request needs up to $%s but only $%s is available. Lower max_tokens or add funds."
                .formatted(plain(required, scale), plain(available, scale));
    }

    /**
     * E.g. "This request needs up to $0.00614 but this API key's monthly spend limit leaves only
     * $0.00100 this month. Lower max_tokens or raise the key's limit."
     */
    static String spendLimitReached(BigDecimal required, BigDecimal remaining) {
        int scale = Math.max(2, Math.max(significantScale(required), significantScale(remaining)));
        return ("This request needs up to $%s but this API key's monthly spend limit leaves only $%s this month."
                        + " Lower max_tokens or raise the key's limit.")
                .formatted(plain(required, scale), plain(remaining, scale));
    }

    private static int significantScale(BigDecimal amount) {
        return Math.max(0, amount.stripTrailingZeros().scale());
    }

    private static String plain(BigDecimal amount, int scale) {
        // Never rounds: scale is at least the amount's own significant scale.
        return amount.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
    }
}
