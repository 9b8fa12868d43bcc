package dev.aggregator.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

class RoutingTests extends GatewayTestSupport {

    @ParameterizedTest
    @CsvSource({
        "GET, /v1/auth/me, auth",
        "POST, /v1/auth/api-keys, auth",
        "GET, /v1/providers/abc, orchestrator",
        "GET, /v1/models, orchestrator",
        "GET, /v1/models/gpt-4o, orchestrator",
        "PUT, /v1/preferences/models/gpt-4o, orchestrator",
        "POST, /v1/chat/completions, proxy",
        "POST, /v1/responses, proxy",
        "POST, /v1/embeddings, proxy",
        "GET, /v1/billing/transactions, billing",
        "GET, /v1/referrals, billing",
        "GET, /v1/analytics/performance, analytics",
        "GET, /v1/audit-logs, analytics"
    })
    void eachPathReachesItsService(String method, String path, String service) {
        var member = member("OWNER");
        String requestId = newRequestId();

        client.method(HttpMethod.valueOf(method))
                .uri(path)
                .header("Authorization", member.bearer())
                .header("X-Request-Id", requestId)
                .exchange()
                .expectStatus()
                .isOk();

        var received = stubs.received(requestId).orElseThrow();
        assertThat(received.service()).isEqualTo(service);
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /",
        "GET, /signin",
        "POST, /signin",
        "GET, /dashboard",
        "GET, /keys/abc/edit",
        "POST, /playground/chat",
        "GET, /billing/top-ups/abc",
        "GET, /accept-invitation",
        "GET, /assets/console.css",
        "GET, /assets/webjars/htmx.org/dist/htmx.min.js"
    })
    void consolePagesReachTheConsoleWithoutCredentials(String method, String path) {
        String requestId = newRequestId();

        client.method(HttpMethod.valueOf(method))
                .uri(path)
                .header("X-Request-Id", requestId)
                .exchange()
                .expectStatus()
                .isOk();

        var received = stubs.received(requestId).orElseThrow();
        assertThat(received.service()).isEqualTo("console");
        assertThat(received.path()).isEqualTo(path);
        assertThat(received.headers().get("X-Aggregator-Identity")).isNull();
    }

    @Test
    void theConsoleShadowsNeitherTheApiNorTheDocs() {
        // /v1 without credentials stays the API's 401, never a console page.
        client.get().uri("/v1/billing/balance").exchange().expectStatus().isUnauthorized();
        String requestId = newRequestId();
        client.get().uri("/billing-extra").header("X-Request-Id", requestId).exchange();
        assertThat(stubs.received(requestId)).isEmpty();
        client.get().uri("/internal/jwks").exchange().expectStatus().isNotFound();
    }

    @Test
    void internalEndpointsAreNeverRouted() {
        var member = member("OWNER");

        client.get()
                .uri("/internal/jwks")
                .header("Authorization", member.bearer())
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post()
                .uri("/internal/api-keys/verify")
                .bodyValue("{\"key\":\"sk-agg-x\"}")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void pathsThatAServiceWouldNormalizeAreRefused() throws Exception {
        var member = member("OWNER");
        var http = HttpClient.newHttpClient();
        for (String path :
                new String[] {"/v1/auth/../internal/jwks", "/v1/auth/%2e%2e/internal/jwks", "/v1/auth/..;/internal/jwks"
                }) {
            String requestId = newRequestId();
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .header("Authorization", member.bearer())
                            .header("X-Request-Id", requestId)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(stubs.received(requestId)).as(path).isEmpty();
        }
    }

    @Test
    void eachServicesApiDocumentIsPublishedUnderItsName() {
        String requestId = newRequestId();

        client.get()
                .uri("/v3/api-docs/billing")
                .header("X-Request-Id", requestId)
                .exchange()
                .expectStatus()
                .isOk();

        var received = stubs.received(requestId).orElseThrow();
        assertThat(received.service()).isEqualTo("billing");
        assertThat(received.path()).isEqualTo("/v3/api-docs");
    }

    @Test
    void swaggerUiListsEveryService() {
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        client.get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.urls[*].url")
                .value(urls -> assertThat((List<Object>) urls)
                        .contains(
                                "/v3/api-docs/auth",
                                "/v3/api-docs/orchestrator",
                                "/v3/api-docs/proxy",
                                "/v3/api-docs/billing",
                                "/v3/api-docs/analytics"));
    }

    @Test
    void aServiceThatFailsIsA503WithoutInternals() {
        var member = member("OWNER");

        String problem = client.get()
                .uri("/v1/billing/balance")
                .header("Authorization", member.bearer())
                .header("X-Test-Disconnect", "true")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(problem)
                .contains("https://aggregator.dev/problems/service-unavailable")
                .doesNotContain("127.0.0.1")
                .doesNotContain("Exception");

        client.get()
                .uri("/v1/models/gpt-4o")
                .header("Authorization", member.bearer())
                .header("X-Test-Disconnect", "true")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("server_error");
    }
}
