package dev.aggregator.gateway.health;

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
}
