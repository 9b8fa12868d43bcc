package dev.aggregator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may call what: callers on the public API, services on {@code /internal/**}, nobody else. */
class InternalIdentityTests extends AuthServiceTestSupport {

    private static final Identity SERVICE = Identity.service("api-gateway");
    private static final Identity CALLER =
            Identity.member(UUID.randomUUID(), UUID.randomUUID(), "someone@example.com", Set.of(Identity.OWNER));

    @Test
    void internalPathsRefuseCallersAndAnonymousRequests() {
        assertThat(get("/internal/jwks", CALLER).status()).isEqualTo(401);
        assertThat(get("/internal/jwks", null).status()).isEqualTo(401);
        assertThat(post("/internal/api-keys/verify", Map.of("key", "sk-agg-x"), CALLER)
                        .status())
                .isEqualTo(401);
        assertThat(post("/internal/api-keys/verify", Map.of("key", "sk-agg-x")).status())
                .isEqualTo(401);
    }

    @Test
    void nonPublicApiPathsRefuseServicesAndAnonymousRequests() {
        assertThat(get("/v1/auth/me", null).status()).isEqualTo(401);
        assertThat(get("/v1/auth/me", SERVICE).status()).isEqualTo(401);
        assertThat(get("/v1/auth/api-keys", null).status()).isEqualTo(401);
        assertThat(post("/v1/auth/api-keys", Map.of("name", "x")).status()).isEqualTo(401);
    }

    @Test
    void aForgedIdentityHeaderIsRefused() {
        var response = call(
                org.springframework.http.HttpMethod.GET,
                "/v1/auth/me",
                null,
                null,
                Map.of("X-Aggregator-Identity", "eyJhbGciOiJub25lIn0.eyJjb21wYW55X2lkIjoieCJ9."));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void meDescribesAnApiKeyByItsScopes() {
        var key = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("models", "chat"));

        var me = get("/v1/auth/me", key);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("company_id")).isEqualTo(key.companyId().toString());
        assertThat(me.text("api_key_id")).isEqualTo(key.apiKeyId().toString());
        assertThat(me.body().path("scopes").valueStream().map(s -> s.asString()))
                .containsExactly("chat", "models");
        assertThat(me.body().has("user_id")).isFalse();
    }

    @Test
    void healthAndApiDocsAreOpenAndTheDocsNeverAskClientsForAnIdentity() {
        assertThat(get("/health", null).status()).isEqualTo(200);

        var docs = get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        var parameters = docs.body()
                .path("paths")
                .valueStream()
                .flatMap(path -> path.valueStream())
                .flatMap(operation -> operation.path("parameters").valueStream())
                .map(parameter -> parameter.path("name").asString())
                .toList();
        assertThat(parameters).contains("limit", "cursor", "id").doesNotContain("identity");
    }
}
