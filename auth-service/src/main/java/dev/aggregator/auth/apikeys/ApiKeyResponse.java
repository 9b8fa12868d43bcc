package dev.aggregator.auth.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A key as listed: never the key, never its hash. Null limits mean the platform default. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ApiKeyResponse(
        UUID id,
        String name,
        String prefix,
        List<String> scopes,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt,
        Integer rpmLimit,
        BigDecimal monthlySpendLimit,
        List<String> models) {

    static ApiKeyResponse of(ApiKey key) {
        return new ApiKeyResponse(
                key.id(),
                key.name(),
                key.prefix(),
                key.scopes(),
                key.createdAt(),
                key.lastUsedAt(),
                key.expiresAt(),
                key.revokedAt(),
                key.rpmLimit(),
                key.monthlySpendLimit(),
                key.models());
    }
}
