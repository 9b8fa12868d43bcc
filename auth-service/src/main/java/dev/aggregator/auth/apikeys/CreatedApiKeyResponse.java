package dev.aggregator.auth.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The only answer that ever carries the key itself. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record CreatedApiKeyResponse(
        UUID id,
        String name,
        String key,
        String prefix,
        List<String> scopes,
        Instant createdAt,
        Instant expiresAt,
        Integer rpmLimit,
        BigDecimal monthlySpendLimit,
        List<String> models) {

    static CreatedApiKeyResponse of(ApiKey apiKey, String key) {
        return new CreatedApiKeyResponse(
                apiKey.id(),
                apiKey.name(),
                key,
                apiKey.prefix(),
                apiKey.scopes(),
                apiKey.createdAt(),
                apiKey.expiresAt(),
                apiKey.rpmLimit(),
                apiKey.monthlySpendLimit(),
                apiKey.models());
    }

    @Override
    public String toString() {
        return "CreatedApiKeyResponse[id=" + id + ", prefix=" + prefix + ", key=<redacted>]";
    }
}
