package dev.aggregator.billing.balance;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/** A platform admin's manual credit or debit. */
public record AdjustBalanceRequest(
        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal amount,

        @NotNull @Pattern(regexp = "CREDIT|DEBIT", message = "must be CREDIT or DEBIT")
        String operation,

        @NotNull UUID companyId,
        @Size(max = 500) String reason) {

    boolean isCredit() {
        return "CREDIT".equals(operation);
    }
}
