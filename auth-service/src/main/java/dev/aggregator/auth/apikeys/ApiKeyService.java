package dev.aggregator.auth.apikeys;

import dev.aggregator.auth.support.Secrets;
import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.events.ApiKeyChanged;
import dev.aggregator.common.events.ApiKeyRevoked;
import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A company's API keys: created by its owners and admins, listed by its members. */
@Service
class ApiKeyService {

    static final String KEY_PREFIX = "sk-agg-";
    private static final int KEY_BYTES = 32;
    private static final int DISPLAY_PREFIX_LENGTH = 12;

    private final ApiKeyRepository repository;
    private final OutboxWriter outbox;
    private final Cursors cursors;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository repository, OutboxWriter outbox, Cursors cursors, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional
    CreatedApiKeyResponse create(Identity identity, CreateApiKeyRequest request, String clientIp) {
        requireMember(identity);
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        String key = KEY_PREFIX + Secrets.randomToken(KEY_BYTES);
        var apiKey = new ApiKey(
                UUID.randomUUID(),
                identity.companyId(),
                request.name().strip(),
                key.substring(0, DISPLAY_PREFIX_LENGTH),
                ApiKeyScopes.normalize(request.scopes()),
                request.rpmLimit(),
                request.monthlySpendLimit(),
                ApiKeyLimits.models(request.models()),
                Timestamps.micros(clock.instant()),
                request.expiresAt() == null ? null : Timestamps.micros(request.expiresAt()),
                null,
                null);
        repository.insert(apiKey, Secrets.sha256Hex(key), identity.userId());
        outbox.append(AuditRecorded.of(
                identity.companyId(),
                identity.actor(),
                "apikey.created",
                "api_key:" + apiKey.id(),
                clientIp,
                Map.of("name", apiKey.name(), "prefix", apiKey.prefix(), "scopes", String.join(",", apiKey.scopes()))));
        return CreatedApiKeyResponse.of(apiKey, key);
    }

    CursorPage<ApiKeyResponse> list(Identity identity, int limit, String cursor) {
        requireMember(identity);
        var keys = repository.page(identity.companyId(), cursors.decode(cursor), Cursors.fetchSize(limit));
        return cursors.page(keys, limit, ApiKey::createdAt, ApiKey::id, ApiKeyResponse::of);
    }

    /**
     * Changes a key's name, limits, allow-list or expiry. Every gateway forgets what it cached
     * about the key, so the next request is admitted under the new limits.
     */
    @Transactional
    ApiKeyResponse update(Identity identity, UUID id, UpdateApiKeyRequest request, String clientIp) {
        requireMember(identity);
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        if (request.clearsOrBlanksName()) throw ApiException.badRequest("name", "must not be blank");
        var current = repository
                .lock(identity.companyId(), id)
                .orElseThrow(() -> ApiException.notFound("API key not found."));
        var changed = request.applyTo(current);
        if (changed.expiresAt() != null) changed = withExpiry(changed, Timestamps.micros(changed.expiresAt()));
        var saved = repository.update(identity.companyId(), changed).orElseThrow();
        outbox.append(ApiKeyChanged.of(identity.companyId(), id));
        var details = new LinkedHashMap<String, String>();
        details.put("prefix", saved.prefix());
        details.put("name", saved.name());
        details.put("rpm_limit", String.valueOf(saved.rpmLimit()));
        details.put(
                "monthly_spend_limit",
                saved.monthlySpendLimit() == null
                        ? "null"
                        : saved.monthlySpendLimit().toPlainString());
        details.put("models", String.join(",", saved.models()));
        details.put("expires_at", String.valueOf(saved.expiresAt()));
        outbox.append(AuditRecorded.of(
                identity.companyId(), identity.actor(), "apikey.updated", "api_key:" + id, clientIp, details));
        return ApiKeyResponse.of(saved);
    }

    /** Idempotent: revoking a revoked key changes nothing; another company's key is not found. */
    @Transactional
    void revoke(Identity identity, UUID id, String clientIp) {
        requireMember(identity);
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        var revokedPrefix = repository.revoke(identity.companyId(), id, clock.instant());
        if (revokedPrefix.isEmpty()) {
            if (!repository.exists(identity.companyId(), id)) throw ApiException.notFound("API key not found.");
            return;
        }
        outbox.append(ApiKeyRevoked.of(identity.companyId(), id));
        outbox.append(AuditRecorded.of(
                identity.companyId(),
                identity.actor(),
                "apikey.revoked",
                "api_key:" + id,
                clientIp,
                Map.of("prefix", revokedPrefix.get())));
    }

    private static ApiKey withExpiry(ApiKey key, Instant expiresAt) {
        return new ApiKey(
                key.id(),
                key.companyId(),
                key.name(),
                key.prefix(),
                key.scopes(),
                key.rpmLimit(),
                key.monthlySpendLimit(),
                key.models(),
                key.createdAt(),
                expiresAt,
                key.lastUsedAt(),
                key.revokedAt());
    }

    /** The live key presented to the gateway, if it is one. */
    Optional<ApiKey> verify(String key) {
        if (!key.startsWith(KEY_PREFIX)) return Optional.empty();
        return repository.findUsableAndTouch(Secrets.sha256Hex(key), clock.instant());
    }

    // Keys manage keys only through a person: a leaked key must not be able to mint more.
    private static void requireMember(Identity identity) {
        if (identity.userId() == null) {
            throw ApiException.forbidden("API keys are managed by company members, not with an API key.");
        }
    }
}
