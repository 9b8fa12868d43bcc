package dev.aggregator.gateway.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class ApiKeyPolicyTests {

    @ParameterizedTest
    @CsvSource({
        "POST, /v1/chat/completions, chat",
        "POST, /v1/responses, chat",
        "POST, /v1/embeddings, chat",
        "GET, /v1/models, models",
        "GET, /v1/models/gpt-4o, models",
        "GET, /v1/billing/balance, billing:read",
        "GET, /v1/billing/transactions, billing:read",
        "GET, /v1/referrals, billing:read",
        "GET, /v1/analytics/usage, analytics:read"
    })
    void eachCallNeedsItsScopeAndNoOther(String method, String path, String scope) {
        var all = Set.of("chat", "models", "billing:read", "analytics:read");
        var others = all.stream().filter(s -> !s.equals(scope)).collect(java.util.stream.Collectors.toSet());

        assertThat(refusal(method, path, Set.of(scope))).isEmpty();
        assertThat(refusal(method, path, others))
                .hasValueSatisfying(reason -> assertThat(reason).contains(scope));
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /v1/auth/api-keys",
        "DELETE, /v1/auth/api-keys/1",
        "POST, /v1/billing/balance",
        "POST, /v1/billing/subscriptions",
        "POST, /v1/providers",
        "PUT, /v1/models/gpt-4o",
        "PUT, /v1/preferences/models/gpt-4o",
        "GET, /v1/audit-logs",
        "GET, /v1/chat/completions"
    })
    void everythingElseIsForMembersOnly(String method, String path) {
        assertThat(refusal(method, path, Set.of("chat", "models", "billing:read", "analytics:read")))
                .isPresent();
    }

    @ParameterizedTest
    @CsvSource({"GET, /v1/auth/me"})
    void anyKeyMayAskWhoItIs(String method, String path) {
        assertThat(refusal(method, path, Set.of())).isEmpty();
    }

    private static java.util.Optional<String> refusal(String method, String path, Set<String> scopes) {
        return ApiKeyPolicy.refusal(HttpMethod.valueOf(method), PathContainer.parsePath(path), scopes);
    }
}
