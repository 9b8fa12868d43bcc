package dev.aggregator.gateway.authentication;

import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;

/** auth-service's answer for a valid API key ({@code POST /internal/api-keys/verify}). */
record ApiKeyGrant(
        UUID apiKeyId,
        UUID companyId,
        Set<String> scopes,
        Integer rpmLimit,
        BigDecimal monthlySpendLimit,
        Set<String> models) {

    ApiKeyGrant {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        models = models == null ? Set.of() : Set.copyOf(models);
    }
}
