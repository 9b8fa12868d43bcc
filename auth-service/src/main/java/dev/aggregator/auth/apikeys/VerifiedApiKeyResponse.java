package dev.aggregator.auth.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** What the gateway needs to admit a request made with the key; null limits mean the platform default. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record VerifiedApiKeyResponse(
        UUID apiKeyId,
        UUID companyId,
        List<String> scopes,
        Integer rpmLimit,
        BigDecimal monthlySpendLimit,
        List<String> models) {

    static VerifiedApiKeyResponse of(ApiKey key) {
        return new VerifiedApiKeyResponse(
                key.id(), key.companyId(), key.scopes(), key.rpmLimit(), key.monthlySpendLimit(), key.models());
    }
}
