package dev.aggregator.gateway.ratelimit;

import dev.aggregator.gateway.support.StubServices;
import dev.aggregator.gateway.support.TestSigningKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway with nothing listening on Redis's port: traffic still flows, uncounted (availability
 * over strictness), and health says DOWN. A context of its own, since no other test may run
 * without Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class RedisOutageTests {

    private static final StubServices stubs = StubServices.start();
    private static final TestSigningKey signingKey = new TestSigningKey();

    static {
        stubs.publishJwks(TestSigningKey.jwks(signingKey));
    }

    @DynamicPropertySource
    static void servicesWithoutRedis(DynamicPropertyRegistry registry) throws IOException {
        stubs.urls().forEach((name, url) -> registry.add("aggregator.gateway.services." + name, () -> url));
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int redisPort = closedPort;
        registry.add("spring.data.redis.port", () -> redisPort);
    }

    @LocalServerPort
    private int port;

    private WebTestClient client;

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    @Test
    void authenticatedTrafficPassesUncounted() {
        var token = signingKey.accessToken(UUID.randomUUID(), UUID.randomUUID(), "a@b.c", List.of("OWNER"));

        for (int attempt = 0; attempt < 3; attempt++) {
            client.get()
                    .uri("/v1/billing/balance")
                    .header("Authorization", "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .doesNotExist("x-ratelimit-limit");
        }
    }

    @Test
    void healthIsDown() {
        client.get()
                .uri("/health")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .json("{\"status\":\"DOWN\"}");
    }
}
