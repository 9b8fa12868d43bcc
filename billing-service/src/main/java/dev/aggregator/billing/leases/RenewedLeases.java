package dev.aggregator.billing.leases;

import java.util.List;
import java.util.UUID;

/** The leases of a renewal that are no longer ACTIVE (unknown ones included): stop using them. */
record RenewedLeases(List<UUID> ended) {}
