package dev.aggregator.orchestrator.providers;

import dev.aggregator.common.events.CatalogChanged;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.audit.AuditTrail;
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

    ProviderService(
            ProviderRepository providers,
            ProviderKeyCipher cipher,
            OutboxWriter outbox,
            AuditTrail audit,
            Clock clock,
            BaseUrlPolicy baseUrls) {
        this.baseUrls = baseUrls;
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
                apiKey == null ? null : cipher.encrypt(apiKey, id),
                request.enabled() == null || request.enabled(),
                now,
                now);
        try {
            providers.insert(provider);
        } catch (DuplicateKeyException e) {
            throw nameTaken(provider.name());
        }
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
            if (request.apiKey() == null && current.encryptedApiKey() != null) {
                throw ApiException.badRequest(
                        "api_key", "must be given again when base_url changes: a stored key never follows a new URL");
            }
            changed.add("base_url");
        }
        String encryptedKey = current.encryptedApiKey();
        if (request.apiKey() != null) {
            String apiKey = blankToNull(request.apiKey());
            requireKeyIfNeeded(current.type(), apiKey);
            encryptedKey = apiKey == null ? null : cipher.encrypt(apiKey, id);
            changed.add("api_key");
        }
        boolean enabled = current.enabled();
        if (request.enabled() != null && request.enabled() != enabled) {
            enabled = request.enabled();
            changed.add("enabled");
        }
        if (changed.isEmpty()) return ProviderResponse.of(current);

        var updated =
                new Provider(id, name, current.type(), baseUrl, encryptedKey, enabled, current.createdAt(), now());
        try {
            providers.update(updated);
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
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
