package dev.aggregator.billing.ledger;

import dev.aggregator.common.web.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a balance changed. Each type has one sign, which the database enforces as well. */
public enum EntryType {
    CREDIT(1),
    DEBIT(-1),
    /**
     * A request's usage: negative, except for the correction a stream's final event posts when
     * its provisional checkpoints charged more than the provider's final count (the one type the
     * database lets carry either sign).
     */
    USAGE(-1),
    SUBSCRIPTION(-1),
    REFERRAL_COMMISSION(1),
    /** Money Stripe refunded to the card a top-up was paid with: it leaves the balance. */
    REFUND(-1),
    /** A top-up paid through Stripe Checkout. */
    TOP_UP(1);

    private final int sign;

    EntryType(int sign) {
        this.sign = sign;
    }

    int sign() {
        return sign;
    }

    /** The type named by a query parameter, or a 400 naming the accepted values. */
    public static EntryType parse(String field, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    field,
                    "must be one of " + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
