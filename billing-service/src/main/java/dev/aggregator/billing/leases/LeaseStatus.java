package dev.aggregator.billing.leases;

/** Where a lease is in its life; only ACTIVE and CLOSING leases hold funds. */
public enum LeaseStatus {
    /** The holder may draw on it and extend it. */
    ACTIVE,
    /** The holder said what it recorded under it; usage up to that may still arrive. */
    CLOSING,
    /** Everything recorded under it has been settled. */
    CLOSED,
    /** The backstop ended it: nobody closed it in time. */
    EXPIRED
}
