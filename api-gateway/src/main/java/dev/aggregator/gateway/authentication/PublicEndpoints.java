package dev.aggregator.gateway.authentication;

import dev.aggregator.gateway.routing.ConsolePaths;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What a client reaches without credentials: becoming a caller (register, login, refresh,
 * logout, accepting an invitation, resetting a forgotten password), Stripe's webhook (authenticated
 * by billing-service through its {@code Stripe-Signature} instead), health, and the API
 * documentation, and the web console's pages (which sign people in themselves). Everything else
 * needs a bearer token.
 */
final class PublicEndpoints {

    private static final Set<String> SESSION_PATHS = Set.of(
            "/v1/auth/register",
            "/v1/auth/login",
            "/v1/auth/refresh",
            "/v1/auth/logout",
            "/v1/auth/invitations/accept",
            "/v1/auth/password-reset",
            "/v1/auth/password-reset/confirm");
    /** Stripe calls it with no platform credentials; it is forwarded with no identity. */
    private static final String STRIPE_WEBHOOK = "/v1/billing/webhooks/stripe";

    private static final String[] DOCUMENTATION_PREFIXES = {"/v3/api-docs/", "/swagger-ui/", "/webjars/"};

    private PublicEndpoints() {}

    static boolean matches(ServerHttpRequest request) {
        String path = request.getPath().value();
        HttpMethod method = request.getMethod();
        if (HttpMethod.POST.equals(method) && SESSION_PATHS.contains(path)) return true;
        if (HttpMethod.POST.equals(method) && path.equals(STRIPE_WEBHOOK)) return true;
        if (HttpMethod.GET.equals(method) && path.equals("/health")) return true;
        if (path.equals("/v3/api-docs") || path.equals("/swagger-ui.html")) return true;
        // The console's pages: it signs people in itself and calls /v1 as them.
        if (ConsolePaths.matches(path)) return true;
        for (String prefix : DOCUMENTATION_PREFIXES) {
            if (path.startsWith(prefix)) return true;
        }
        return false;
    }
}
