package dev.aggregator.common.identity;

import dev.aggregator.common.web.ApiException;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as verified by the gateway (a company member or an API key) or by a peer
 * service. Services receive it through {@link InternalIdentityFilter} and trust nothing else.
 */
public record Identity(
        UUID companyId,
        UUID userId,
        UUID apiKeyId,
        String email,
        Set<String> roles,
        Set<String> scopes,
        String service) {

    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String OWNER = "OWNER";
    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";

    public Identity {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    public static Identity member(UUID companyId, UUID userId, String email, Set<String> roles) {
        return new Identity(companyId, userId, null, email, roles, Set.of(), null);
    }

    public static Identity apiKey(UUID companyId, UUID apiKeyId, Set<String> scopes) {
        return new Identity(companyId, null, apiKeyId, null, Set.of(), scopes, null);
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
