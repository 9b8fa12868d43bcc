package dev.aggregator.orchestrator.providers;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.audit.AuditTrail;
import dev.aggregator.orchestrator.health.ProviderHealthReader;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider administration. Every change announces {@code catalog.changed} for every model (the
 * proxy drops its cached route plans, which carry the provider's URL and key) and is audited, in
 * the same transaction as the change.
 */
@Service
class ProviderService {

    private final ProviderRepository providers;
    private final ProviderKeyCipher cipher;
    private final OutboxWriter outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final BaseUrlPolicy baseUrls;
    private final ProviderKeyRepository keys;
    private final ProviderHealthReader health;

    ProviderService(
            ProviderRepository providers,
            ProviderKeyRepository keys,
            ProviderHealthReader health,
            ProviderKeyCipher cipher,
            OutboxWriter outbox,
            AuditTrail audit,
            Clock clock,
            BaseUrlPolicy baseUrls) {
        this.baseUrls = baseUrls;
        this.keys = keys;
        this.health = health;
        this.providers = providers;
        this.cipher = cipher;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    ProviderResponse create(Identity actor, CreateProviderRequest request) {
        var type = ProviderType.fromId(request.type());
        requireAllowedBaseUrl(request.baseUrl());
        String apiKey = blankToNull(request.apiKey());
        requireKeyIfNeeded(type, apiKey);
        var id = UUID.randomUUID();
        var now = now();
        var provider = new Provider(
                id,
                request.name(),
                type,
                normalizedBaseUrl(request.baseUrl()),
                apiKey != null,
                request.enabled() == null || request.enabled(),
                now,
                now);
        try {
            providers.insert(provider);
        } catch (DuplicateKeyException e) {
            throw nameTaken(provider.name());
        }
        // The creation key is the pool's first key, listed and deletable like the others.
        if (apiKey != null) storeKey(id, apiKey, 1, now);
        announce(actor, "provider.created", id, describe(provider));
        return ProviderResponse.of(provider);
    }

    @Transactional(readOnly = true)
    ProviderList list() {
        return new ProviderList(
                providers.findAll().stream().map(ProviderResponse::of).toList());
    }

    @Transactional(readOnly = true)
    ProviderResponse get(UUID id) {
        return providers.find(id).map(ProviderResponse::of).orElseThrow(() -> notFound(id));
    }

    @Transactional
    ProviderResponse update(Identity actor, UUID id, UpdateProviderRequest request) {
        var current = providers.findForUpdate(id).orElseThrow(() -> notFound(id));
        var changed = new ArrayList<String>();
        String name = current.name();
        if (request.name() != null && !request.name().equals(name)) {
            name = request.name();
            changed.add("name");
        }
        String baseUrl = current.baseUrl();
        if (request.baseUrl() != null && !normalizedBaseUrl(request.baseUrl()).equals(baseUrl)) {
            baseUrl = normalizedBaseUrl(request.baseUrl());
            requireAllowedBaseUrl(baseUrl);
            // The stored key was given for the old host: it must never be sent to the new one.
            if (request.apiKey() == null && current.hasApiKey()) {
                throw ApiException.badRequest(
                        "api_key", "must be given again when base_url changes: a stored key never follows a new URL");
            }
            changed.add("base_url");
        }
        boolean hasApiKey = current.hasApiKey();
        String newKey = null;
        if (request.apiKey() != null) {
            newKey = blankToNull(request.apiKey());
            requireKeyIfNeeded(current.type(), newKey);
            hasApiKey = newKey != null;
            changed.add("api_key");
        }
        boolean enabled = current.enabled();
        if (request.enabled() != null && request.enabled() != enabled) {
            enabled = request.enabled();
            changed.add("enabled");
        }
        if (changed.isEmpty()) return ProviderResponse.of(current);

        var updated = new Provider(id, name, current.type(), baseUrl, hasApiKey, enabled, current.createdAt(), now());
        try {
            providers.update(updated);
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        if (request.apiKey() != null) {
            // A key given with a PATCH replaces the whole pool: no stored key follows a new URL.
            keys.deleteAll(id);
            if (newKey != null) storeKey(id, newKey, 1, updated.updatedAt());
        }
        var details = describe(updated);
        details.put("changed", String.join(",", changed));
        announce(actor, "provider.updated", id, details);
        return ProviderResponse.of(updated);
    }

    @Transactional
    void delete(Identity actor, UUID id) {
        String name = providers.delete(id).orElseThrow(() -> notFound(id));
        announce(actor, "provider.deleted", id, Map.of("name", name));
    }

    @Transactional
    ProviderKeyResponse addKey(Identity actor, UUID providerId, AddProviderKeyRequest request) {
        providers.findForUpdate(providerId).orElseThrow(() -> notFound(providerId));
        int weight = request.weight() == null ? 1 : request.weight();
        var stored = storeKey(providerId, request.apiKey().strip(), weight, now());
        announce(
                actor,
                "provider.key_added",
                providerId,
                Map.of("key_id", stored.id().toString(), "weight", Integer.toString(weight)));
        return new ProviderKeyResponse(
                stored.id(),
                weight,
                "active",
                ProviderKeyResponse.last4(request.apiKey().strip()));
    }

    @Transactional(readOnly = true)
    ProviderKeyResponse.KeyList listKeys(UUID providerId) {
        providers.find(providerId).orElseThrow(() -> notFound(providerId));
        var pool = keys.list(providerId);
        var resting = health.restingKeys(
                pool.stream().map(ProviderKeyRepository.StoredKey::id).toList());
        return new ProviderKeyResponse.KeyList(pool.stream()
                .map(key -> new ProviderKeyResponse(
                        key.id(),
                        key.weight(),
                        resting.contains(key.id()) ? "resting" : "active",
                        ProviderKeyResponse.last4(cipher.decrypt(key.encryptedApiKey(), providerId))))
                .toList());
    }

    @Transactional
    void deleteKey(Identity actor, UUID providerId, UUID keyId) {
        var provider = providers.findForUpdate(providerId).orElseThrow(() -> notFound(providerId));
        var pool = keys.list(providerId);
        if (pool.stream().noneMatch(key -> key.id().equals(keyId))) {
            throw ApiException.notFound("Key " + keyId + " of provider " + providerId + " not found.");
        }
        if (pool.size() == 1 && provider.type().requiresApiKey()) {
            throw ApiException.conflict("A provider of type " + provider.type().id()
                    + " needs at least one key: add another before deleting this one.");
        }
        keys.delete(providerId, keyId);
        announce(actor, "provider.key_deleted", providerId, Map.of("key_id", keyId.toString()));
    }

    private ProviderKeyRepository.StoredKey storeKey(UUID providerId, String apiKey, int weight, Instant now) {
        var key = new ProviderKeyRepository.StoredKey(
                UUID.randomUUID(), providerId, cipher.encrypt(apiKey, providerId), weight, now);
        keys.insert(key);
        return key;
    }

    /** Any model may be served by this provider: the proxy drops every cached route plan. */
    private void announce(Identity actor, String action, UUID providerId, Map<String, String> details) {
        outbox.append(CatalogChanged.of(null));
        audit.record(actor, action, "provider:" + providerId, details);
    }

    /** What the audit log may know about a provider: everything but the key itself. */
    private static Map<String, String> describe(Provider provider) {
        var details = new LinkedHashMap<String, String>();
        details.put("name", provider.name());
        details.put("type", provider.type().id());
        details.put("base_url", provider.baseUrl());
        details.put("enabled", Boolean.toString(provider.enabled()));
        details.put("has_api_key", Boolean.toString(provider.hasApiKey()));
        return details;
    }

    private static void requireKeyIfNeeded(ProviderType type, String apiKey) {
        if (apiKey == null && type.requiresApiKey()) {
            throw ApiException.badRequest("api_key", "is required for providers of type " + type.id());
        }
    }

    /** {@code https://api.openai.com/v1/} and {@code https://api.openai.com/v1} are one endpoint. */
    private void requireAllowedBaseUrl(String url) {
        baseUrls.problem(url).ifPresent(problem -> {
            throw ApiException.badRequest("base_url", problem);
        });
    }

    private static String normalizedBaseUrl(String url) {
        String result = url.strip();
        while (result.endsWith("/")) result = result.substring(0, result.length() - 1);
        return result;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; answering with what was stored keeps reads and writes equal.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("Provider " + id + " not found.");
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("A provider named '" + name + "' already exists.");
    }
}
