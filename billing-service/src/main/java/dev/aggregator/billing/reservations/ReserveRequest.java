package dev.aggregator.billing.reservations;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/** The proxy asks to hold the worst-case cost of one request. */
public record ReserveRequest(
        @NotBlank @Size(max = 128) String requestId,
        @NotNull UUID companyId,
        UUID apiKeyId,

        @NotNull @PositiveOrZero @Digits(integer = 12, fraction = 8)
        BigDecimal amount) {}
