package dev.aggregator.billing.topups;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** {@code POST /v1/billing/top-ups}: USD, whole cents, as Stripe charges in cents. */
record CreateTopUpRequest(
        @NotNull
        @DecimalMin(value = "5", message = "must be at least 5")
        @DecimalMax(value = "10000", message = "must be at most 10000")
        @Digits(integer = 5, fraction = 2, message = "must have at most 2 decimal places")
        BigDecimal amount) {}
