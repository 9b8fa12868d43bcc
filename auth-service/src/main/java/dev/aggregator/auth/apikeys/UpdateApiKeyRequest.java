package dev.aggregator.auth.apikeys;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A PATCH of a key, merge-patch style (RFC 7396): a field left out stays as it is, a field sent
 * as JSON {@code null} goes back to its default (no own rpm limit, no cap, every model, no
 * expiry), a value replaces the old one; {@code name} cannot be cleared.
 *
 * <p>A class with setters rather than a record, as the one exception to the house style: a record
 * cannot tell a field left out from one sent as null, while Jackson calls a setter only for a
 * field the body names, so {@code present} knows which ones it did.
 */
final class UpdateApiKeyRequest {

    private final Set<String> present = new HashSet<>();

    @Size(max = 200)
    private String name;

    @Min(1)
    @Max(ApiKeyLimits.MAX_RPM)
    private Integer rpmLimit;

    @DecimalMin("0")
    @Digits(integer = 12, fraction = 8)
    private BigDecimal monthlySpendLimit;

    @Size(max = ApiKeyLimits.MAX_MODELS)
    private List<@NotBlank @Size(max = ApiKeyLimits.MAX_MODEL_NAME) String> models;

    @Future
    private Instant expiresAt;

    public void setName(String name) {
        this.name = name;
        present.add("name");
    }

    public void setRpmLimit(Integer rpmLimit) {
        this.rpmLimit = rpmLimit;
        present.add("rpm_limit");
    }

    public void setMonthlySpendLimit(BigDecimal monthlySpendLimit) {
        this.monthlySpendLimit = monthlySpendLimit;
        present.add("monthly_spend_limit");
    }

    public void setModels(List<String> models) {
        this.models = models;
        present.add("models");
    }

    public void setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        present.add("expires_at");
    }

    boolean clearsOrBlanksName() {
        return present.contains("name") && (name == null || name.isBlank());
    }

    ApiKey applyTo(ApiKey key) {
        return new ApiKey(
                key.id(),
                key.companyId(),
                present.contains("name") ? name.strip() : key.name(),
                key.prefix(),
                key.scopes(),
                present.contains("rpm_limit") ? rpmLimit : key.rpmLimit(),
                present.contains("monthly_spend_limit") ? monthlySpendLimit : key.monthlySpendLimit(),
                present.contains("models") ? ApiKeyLimits.models(models) : key.models(),
                key.createdAt(),
                present.contains("expires_at") ? expiresAt : key.expiresAt(),
                key.lastUsedAt(),
                key.revokedAt());
    }
}
