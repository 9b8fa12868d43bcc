package dev.aggregator.gateway.authorization;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

class ApiKeyScopeTests extends GatewayTestSupport {

    @Test
    void aKeyWithoutTheChatScopeCannotChat() {
        var key = apiKey(Set.of("models"), null);

        client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", key.bearer())
                .bodyValue("{\"model\":\"m\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("insufficient_scope")
                .jsonPath("$.error.message")
                .value(message -> org.assertj.core.api.Assertions.assertThat((String) message)
                        .contains("chat"));

        client.get()
                .uri("/v1/models")
                .header("Authorization", key.bearer())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void keysReadBillingAndAnalyticsOnlyWithTheirScopes() {
        var key = apiKey(Set.of("billing:read"), null);

        expect(key, HttpMethod.GET, "/v1/billing/balance", 200);
        expect(key, HttpMethod.GET, "/v1/referrals", 200);
        expect(key, HttpMethod.GET, "/v1/analytics/usage", 403);
        expect(key, HttpMethod.GET, "/v1/auth/me", 200);
    }

    @Test
    void keysCannotManageTheAccountWhateverTheirScopes() {
        var key = apiKeyWithAllScopes();

        client.post()
                .uri("/v1/auth/api-keys")
                .header("Authorization", key.bearer())
                .bodyValue("{\"name\":\"another\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://aggregator.dev/problems/insufficient-scope");

        expect(key, HttpMethod.POST, "/v1/billing/balance", 403);
        expect(key, HttpMethod.PUT, "/v1/preferences/models/gpt-4o", 403);
        expect(key, HttpMethod.GET, "/v1/audit-logs", 403);
    }

    @Test
    void membersAreLeftToTheServicesRoleChecks() {
        var member = member("MEMBER");

        client.post()
                .uri("/v1/auth/api-keys")
                .header("Authorization", member.bearer())
                .bodyValue("{\"name\":\"mine\"}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    private void expect(TestApiKey key, HttpMethod method, String path, int status) {
        client.method(method)
                .uri(path)
                .header("Authorization", key.bearer())
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }
}
