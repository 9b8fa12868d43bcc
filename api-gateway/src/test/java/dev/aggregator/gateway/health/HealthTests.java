package dev.aggregator.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

class HealthTests extends GatewayTestSupport {

    @Test
    void healthIsUpWithRedisAndRabbitMqReachable() {
        client.get()
                .uri("/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json("{\"status\":\"UP\"}");
    }

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void actuatorServesHealthAndMetricsOnTheManagementPortOnly() {
        var management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build();
        management.get().uri("/actuator/health").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();

        client.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    }

    @Test
    void proxiedRequestsAreTimedOnceAsServerRequestsWithoutTheGatewaysPerRouteObservation() {
        client.get().uri("/v3/api-docs/billing").exchange().expectStatus().isOk();

        String scrape = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape).contains("http_server_requests_seconds_count{");
        assertThat(scrape).doesNotContain("spring_cloud_gateway_route_id");
    }
}
