package dev.aggregator.proxy.billing;

import java.util.UUID;

/** Billing no longer holds the lease as active (closed, or expired): a new lease is needed. */
public final class LeaseEnded extends RuntimeException {

    public LeaseEnded(UUID leaseId) {
        super("lease " + leaseId + " is no longer active", null, false, false);
    }
}
