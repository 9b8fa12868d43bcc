package dev.aggregator.billing.leases;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The leases a proxy instance still uses, to keep them from expiring. */
record RenewLeasesRequest(@NotNull @Size(max = 1000) List<@NotNull UUID> leaseIds) {}
