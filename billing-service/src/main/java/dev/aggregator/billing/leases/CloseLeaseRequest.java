package dev.aggregator.billing.leases;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;

/** @param recordedCost everything the holder recorded under the lease, usage still in transit included */
record CloseLeaseRequest(
        @NotNull @PositiveOrZero @Digits(integer = 12, fraction = 8)
        BigDecimal recordedCost) {}
