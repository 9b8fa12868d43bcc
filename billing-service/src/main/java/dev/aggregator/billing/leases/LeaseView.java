package dev.aggregator.billing.leases;

import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The answer to a grant or an extension: {@code amount} is the lease's total so far. */
record LeaseView(UUID leaseId, BigDecimal amount, Instant expiresAt) {

    static LeaseView of(Lease lease) {
        return new LeaseView(lease.id(), Money.plain(lease.amount()), lease.expiresAt());
    }
}
