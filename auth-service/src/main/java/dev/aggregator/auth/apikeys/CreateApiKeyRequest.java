package dev.aggregator.auth.apikeys;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

record CreateApiKeyRequest(
        @NotBlank @Size(max = 200) String name,

        @Size(min = 1, message = "must list at least one scope")
        List<@NotNull @Pattern(regexp = ApiKeyScopes.PATTERN, message = ApiKeyScopes.MESSAGE) String> scopes,

        @Future Instant expiresAt,
        @Min(1) @Max(ApiKeyLimits.MAX_RPM) Integer rpmLimit,
        @DecimalMin("0") @Digits(integer = 12, fraction = 8) BigDecimal monthlySpendLimit,

        @Size(max = ApiKeyLimits.MAX_MODELS) List<@NotBlank @Size(max = ApiKeyLimits.MAX_MODEL_NAME) String> models) {}
