package dev.aggregator.billing.leases;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A proxy instance asks for a lease on a company's funds.
 *
 * @param holder the asking proxy instance
 * @param minimum the least that helps it (the worst case of the request waiting for it)
 * @param desired what it would like (its slice)
 */
record GrantLeaseRequest(
        @NotNull UUID companyId,
        @NotBlank @Size(max = 200) String holder,

        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal minimum,

        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal desired) {}
