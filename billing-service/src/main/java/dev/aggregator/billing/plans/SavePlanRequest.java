package dev.aggregator.billing.plans;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * {@code PUT /v1/billing/plans/{id}}: the package and its discount; the price follows from them.
 *
 * @param active false withdraws the plan from sale; its subscribers still renew on it (default true)
 * @param sortOrder where the plan lists (default after the others)
 */
record SavePlanRequest(
        @NotBlank @Size(max = 100) String name,

        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal includedUsage,

        @NotNull @DecimalMin("0") @DecimalMax(value = "100", inclusive = false) @Digits(integer = 2, fraction = 2)
        BigDecimal discountPercent,

        @NotBlank @Size(max = 500) String description,
        Boolean active,
        @PositiveOrZero Integer sortOrder) {}
