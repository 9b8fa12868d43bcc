package dev.aggregator.gateway.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.gateway.support.GatewayTestSupport;
import dev.aggregator.gateway.support.TestSigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

class AuthenticationTests extends GatewayTestSupport {

    @Test
    void missingCredentialsOnThePlatformApiAreAProblem() {
        client.get()
                .uri("/v1/billing/balance")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://aggregator.dev/problems/unauthenticated")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.detail")
                .isNotEmpty();
    }

    @Test
    void missingCredentialsOnTheOpenAiApiAreAnOpenAiError() {
        var body = client.post()
                .uri("/v1/chat/completions")
                .bodyValue("{\"model\":\"m\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.code")
                .isEqualTo("invalid_api_key")
                .jsonPath("$.error.message")
                .isNotEmpty()
                .returnResult()
                .getResponseBodyContent();
        assertThat(new String(body)).contains("\"param\":null");
    }

    @Test
    void aKeyAuthServiceCouldNeverHaveIssuedIsRefusedWithoutAskingIt() {
        // Over-long keys made auth-service answer 400, which used to count against its breaker.
        String malformed = "sk-agg-" + "x".repeat(300);

        client.get()
                .uri("/v1/models")
                .header("Authorization", "Bearer " + malformed)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("invalid_api_key");

        assertThat(stubs.verifyCalls(malformed)).isZero();
    }

    @Test
    void anUnknownApiKeyIsRefusedAndTheRefusalRemembered() {
        String unknown = wellFormedKey();

        for (int attempt = 0; attempt < 2; attempt++) {
            client.get()
                    .uri("/v1/models")
                    .header("Authorization", "Bearer " + unknown)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.error.code")
                    .isEqualTo("invalid_api_key");
        }

        assertThat(stubs.verifyCalls(unknown)).isEqualTo(1);
    }

    @Test
    void aVerifiedApiKeyIsAskedAboutOnceAndWithTheGatewaysServiceIdentity() {
        var key = apiKeyWithAllScopes();

        for (int attempt = 0; attempt < 3; attempt++) {
            client.get()
                    .uri("/v1/models")
                    .header("Authorization", key.bearer())
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        assertThat(stubs.verifyCalls(key.key())).isEqualTo(1);
        assertThat(internalTokens.verify(stubs.lastInternalIdentity())).contains(Identity.service("api-gateway"));
    }

    @Test
    void concurrentRequestsWithANewKeyShareOneVerification() {
        var key = apiKey(Set.of("models"), null, Duration.ofMillis(300));

        var webClient = WebClient.create(baseUrl());
        var statuses = Flux.range(0, 8)
                .flatMap(i -> webClient
                        .get()
                        .uri("/v1/models")
                        .header("Authorization", key.bearer())
                        .exchangeToMono(response -> response.releaseBody()
                                .thenReturn(response.statusCode().value())))
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(statuses).hasSize(8).containsOnly(200);
        assertThat(stubs.verifyCalls(key.key())).isEqualTo(1);
    }

    @Test
    void aValidAccessTokenAuthenticatesAMember() {
        var member = member("ADMIN");

        client.get()
                .uri("/v1/auth/me")
                .header("Authorization", member.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo("auth");
    }

    @Test
    void expiredForeignOrNonAccessTokensAreRefused() {
        var companyId = UUID.randomUUID();
        var userId = UUID.randomUUID();
        var roles = List.of("OWNER");
        var past = Date.from(Instant.now().minus(Duration.ofHours(1)));
        var tokens = List.of(
                signingKey.accessToken(companyId, userId, "a@b.c", roles, jwt -> jwt.expiration(past)),
                signingKey.accessToken(companyId, userId, "a@b.c", roles, jwt -> jwt.claim("typ", "refresh")),
                signingKey.accessToken(companyId, userId, "a@b.c", roles, jwt -> jwt.issuer("someone-else")),
                new TestSigningKey().accessToken(companyId, userId, "a@b.c", roles),
                "not-a-jwt");

        for (String token : tokens) {
            client.get()
                    .uri("/v1/billing/balance")
                    .header("Authorization", "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://aggregator.dev/problems/unauthenticated");
        }
    }

    @Test
    void aTokenFromARotatedKeyIsAcceptedOnceTheKeySetHasIt() {
        var rotated = new TestSigningKey();
        stubs.publishJwks(TestSigningKey.jwks(signingKey, rotated));
        try {
            var token = rotated.accessToken(UUID.randomUUID(), UUID.randomUUID(), "r@b.c", List.of("MEMBER"));

            client.get()
                    .uri("/v1/billing/balance")
                    .header("Authorization", "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            stubs.publishJwks(TestSigningKey.jwks(signingKey));
        }
    }

    @Test
    void credentialsAuthServiceCannotCheckAreA503NotA401() {
        String key = wellFormedKey();
        stubs.failApiKey(key);

        client.post()
                .uri("/v1/embeddings")
                .header("Authorization", "Bearer " + key)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("server_error");

        stubs.failJwks(true);
        try {
            var token = new TestSigningKey().accessToken(UUID.randomUUID(), UUID.randomUUID(), "a@b.c", List.of());
            client.get()
                    .uri("/v1/billing/balance")
                    .header("Authorization", "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://aggregator.dev/problems/service-unavailable");
        } finally {
            stubs.failJwks(false);
        }
    }
}
