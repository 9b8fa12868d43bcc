package dev.aggregator.proxy.billing;

import dev.aggregator.proxy.openai.OpenAiException;
import java.math.BigDecimal;

/**
 * Billing refused a grant or an extension: the company's available funds are below the minimum
 * asked for. Not yet the client's answer: the admission decides what the request could have had.
 *
 * @param minimum what was asked for at least
 * @param available the company's available funds at billing (balance minus every hold)
 */
public final class FundsShort extends RuntimeException {

    /** The problem code billing answers when a capped key's month, not the company, is short. */
    static final String SPEND_LIMIT = "spend_limit_exceeded";

    private final BigDecimal minimum;
    private final BigDecimal available;
    private final boolean spendLimit;

    public FundsShort(BigDecimal minimum, BigDecimal available) {
        this(minimum, available, false);
    }

    private FundsShort(BigDecimal minimum, BigDecimal available, boolean spendLimit) {
        super("available " + available.toPlainString() + " is below " + minimum.toPlainString(), null, false, false);
        this.minimum = minimum;
        this.available = available;
        this.spendLimit = spendLimit;
    }

    /** A capped API key's month has only {@code remaining} room left for new holds. */
    public static FundsShort spendLimit(BigDecimal minimum, BigDecimal remaining) {
        return new FundsShort(minimum, remaining, true);
    }

    public BigDecimal minimum() {
        return minimum;
    }

    public BigDecimal available() {
        return available;
    }

    /**
     * The client's 402 ({@code insufficient_quota}).
     *
     * @param required the request's worst case
     * @param alreadyHeld what this instance still held for the company and could have used, added
     *     to billing's available so that the message never says a request needing less than what
     *     is available was refused
     */
    public OpenAiException toOpenAi(BigDecimal required, BigDecimal alreadyHeld) {
        var left = available.add(alreadyHeld).max(BigDecimal.ZERO);
        if (spendLimit) return OpenAiException.spendLimitExceeded(QuotaMessages.spendLimitReached(required, left));
        return OpenAiException.insufficientQuota(QuotaMessages.insufficientFunds(required, left));
    }
}
