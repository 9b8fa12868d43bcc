package dev.aggregator.gateway.authorization;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What an API key may call. Keys are for machines: the OpenAI-compatible calls and read-only
 * platform data, each behind a scope. Everything else (managing keys, providers, money) needs a
 * signed-in member, whose roles the services check.
 */
final class ApiKeyPolicy {

    /** {@code scope == null}: any key may call it. */
    private record Rule(HttpMethod method, PathPattern path, String scope) {

        boolean matches(HttpMethod requestMethod, PathContainer requestPath) {
            return method.equals(requestMethod) && path.matches(requestPath);
        }
    }

    private static final List<Rule> RULES = List.of(
            rule(HttpMethod.POST, "/v1/chat/completions", "chat"),
            rule(HttpMethod.POST, "/v1/responses", "chat"),
            rule(HttpMethod.POST, "/v1/embeddings", "chat"),
            rule(HttpMethod.GET, "/v1/models", "models"),
            rule(HttpMethod.GET, "/v1/models/**", "models"),
            rule(HttpMethod.GET, "/v1/billing/**", "billing:read"),
            rule(HttpMethod.GET, "/v1/referrals", "billing:read"),
            rule(HttpMethod.GET, "/v1/analytics/**", "analytics:read"),
            rule(HttpMethod.GET, "/v1/auth/me", null));

    private ApiKeyPolicy() {}

    /** Why a key with these scopes may not make this call; empty when it may. */
    static Optional<String> refusal(HttpMethod method, PathContainer path, Set<String> scopes) {
        for (Rule rule : RULES) {
            if (!rule.matches(method, path)) continue;
            if (rule.scope() == null || scopes.contains(rule.scope())) return Optional.empty();
            return Optional.of("You have insufficient permissions for this operation. Missing scope: " + rule.scope()
                    + ". Use an API key that has it.");
        }
        return Optional.of("API keys cannot be used for this operation. Sign in and use an access token.");
    }

    private static Rule rule(HttpMethod method, String pattern, String scope) {
        return new Rule(method, PathPatternParser.defaultInstance.parse(pattern), scope);
    }
}
