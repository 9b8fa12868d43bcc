package dev.aggregator.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every caller meets before any endpoint: health, the API description, the gateway's identity. */
class ServiceSurfaceTests extends AnalyticsIntegrationTest {

    @Test
    void describesEveryEndpointWithoutTheInternalIdentity() {
        String body = http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var paths = json.readTree(body).path("paths");

        assertThat(paths.propertyNames())
                .contains(
                        "/v1/analytics/usage", "/v1/analytics/requests", "/v1/analytics/performance", "/v1/audit-logs");
        assertThat(paths.path("/v1/analytics/usage")
                        .path("get")
                        .path("parameters")
                        .findValuesAsString("name"))
                .containsExactlyInAnyOrder("from", "to", "group_by", "company_id", "format");
    }

    /** By default the gateway on this machine: "Try it out" never goes to the service's own port. */
    @Test
    void theDescriptionNamesTheGatewayAsItsOnlyServer() {
        http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.servers.length()")
                .isEqualTo(1)
                .jsonPath("$.servers[0].url")
                .isEqualTo("http://127.0.0.1:3000");
    }

    @Test
    void refusesARequestThatDidNotComeThroughTheGateway() {
        http.get().uri("/v1/analytics/usage").exchange().expectStatus().isUnauthorized();
        http.get()
                .uri("/v1/audit-logs")
                .header("X-Aggregator-Identity", "forged")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void reportsHealthWithoutAnIdentity() {
        http.get()
                .uri("/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }
}
