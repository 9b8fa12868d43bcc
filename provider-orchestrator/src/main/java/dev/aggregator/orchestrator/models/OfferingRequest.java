package dev.aggregator.orchestrator.models;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * One provider serving the model: prices are what companies pay per million tokens, costs (optional)
 * what the provider charges the platform.
 */
record OfferingRequest(
        @NotNull UUID providerId,

        @NotNull
        @Size(min = 1, max = 200)
        @Pattern(regexp = "[\\x21-\\x7E]*", message = "must be printable ASCII without spaces")
        String providerModel,

        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 8)
        BigDecimal inputPricePerMillion,

        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 8)
        BigDecimal outputPricePerMillion,

        @DecimalMin("0") @Digits(integer = 12, fraction = 8) BigDecimal inputCostPerMillion,
        @DecimalMin("0") @Digits(integer = 12, fraction = 8) BigDecimal outputCostPerMillion) {}
