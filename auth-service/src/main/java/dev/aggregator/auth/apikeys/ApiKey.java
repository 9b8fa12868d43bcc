package dev.aggregator.auth.apikeys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as stored, without its hash. A null limit means the platform default; an empty
 * {@code models} allows every model.
 */
record ApiKey(
        UUID id,
        UUID companyId,
        String name,
        String prefix,
        List<String> scopes,
        Integer rpmLimit,
        BigDecimal monthlySpendLimit,
        List<String> models,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt) {}
