package dev.aggregator.common.identity;

import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as verified by the gateway (a company member or an API key) or by a peer
 * service. Services receive it through {@link InternalIdentityFilter} and trust nothing else.
 *
 * @param monthlySpendLimit an API key's hard cap on its spend in the calendar month (UTC); null
 *     when the key has none (and always for members and services)
 * @param models an API key's allow-list of public model names; empty allows every model
 */
public record Identity(
        UUID companyId,
        UUID userId,
        UUID apiKeyId,
        String email,
        Set<String> roles,
        Set<String> scopes,
        String service,
        BigDecimal monthlySpendLimit,
        Set<String> models) {

    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String OWNER = "OWNER";
    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";

    public Identity {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        models = models == null ? Set.of() : Set.copyOf(models);
        // One spelling per amount, so that equal limits make equal identities (and one token).
        monthlySpendLimit = monthlySpendLimit == null ? null : monthlySpendLimit.stripTrailingZeros();
    }

    /** An identity without API-key limits. */
    public Identity(
            UUID companyId,
            UUID userId,
            UUID apiKeyId,
            String email,
            Set<String> roles,
            Set<String> scopes,
            String service) {
        this(companyId, userId, apiKeyId, email, roles, scopes, service, null, Set.of());
    }

    public static Identity member(UUID companyId, UUID userId, String email, Set<String> roles) {
        return new Identity(companyId, userId, null, email, roles, Set.of(), null);
    }

    public static Identity apiKey(UUID companyId, UUID apiKeyId, Set<String> scopes) {
        return apiKey(companyId, apiKeyId, scopes, null, Set.of());
    }

    public static Identity apiKey(
            UUID companyId, UUID apiKeyId, Set<String> scopes, BigDecimal monthlySpendLimit, Set<String> models) {
        return new Identity(companyId, null, apiKeyId, null, Set.of(), scopes, null, monthlySpendLimit, models);
    }

    public static Identity service(String name) {
        return new Identity(null, null, null, null, Set.of(), Set.of(), name);
    }

    public boolean isService() {
        return service != null;
    }

    public boolean isApiKey() {
        return apiKeyId != null;
    }

    /** Whether the caller may use this public model name (an API key's allow-list, if any). */
    public boolean mayUseModel(String model) {
        return models.isEmpty() || models.contains(model);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isPlatformAdmin() {
        return hasRole(PLATFORM_ADMIN);
    }

    /** A readable actor for audit records: the member's email, else the key or service. */
    public String actor() {
        if (email != null) return email;
        if (apiKeyId != null) return "api_key:" + apiKeyId;
        return service != null ? "service:" + service : "unknown";
    }

    public void requirePlatformAdmin() {
        if (!isPlatformAdmin()) throw ApiException.forbidden("This action needs the PLATFORM_ADMIN role.");
    }

    /** Platform admins pass every role check; API keys never carry roles. */
    public void requireAnyRole(String... allowed) {
        if (isPlatformAdmin() || Arrays.stream(allowed).anyMatch(roles::contains)) return;
        throw ApiException.forbidden("This action needs one of the roles " + String.join(", ", allowed) + ".");
    }
}
