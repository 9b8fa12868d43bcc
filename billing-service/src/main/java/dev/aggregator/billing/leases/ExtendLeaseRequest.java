package dev.aggregator.billing.leases;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** More funds for an ACTIVE lease, sized by the same rule as a grant. */
record ExtendLeaseRequest(
        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal minimum,

        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal desired) {}
