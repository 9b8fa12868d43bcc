package dev.aggregator.billing.topups;

/** Where a top-up stands; only webhooks signed by Stripe move it on. */
enum TopUpStatus {
    /** Checkout Session created; the customer has not paid (yet). */
    PENDING,
    /** Paid and credited once, with a TOP_UP ledger entry. */
    PAID,
    /** The Checkout Session expired unpaid. */
    EXPIRED,
    /** Stripe refunded the whole payment (partial refunds leave it PAID). */
    REFUNDED
}
