package dev.aggregator.mockprovider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.mockprovider.MockProviderClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelsAndHealthTests {

    @LocalServerPort
    int port;

    MockProviderClient client;

    @BeforeEach
    void setUp() {
        client = new MockProviderClient(port);
    }

    @Test
    void listsModelsInOpenAiShape() {
        Answer answer = client.get("/v1/models");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("object").asString()).isEqualTo("list");
        JsonNode models = answer.body().path("data");
        assertThat(models.size()).isGreaterThanOrEqualTo(3);
        assertThat(models).allSatisfy(model -> {
            assertThat(model.path("id").asString()).startsWith("mock-");
            assertThat(model.path("object").asString()).isEqualTo("model");
            assertThat(model.path("created").asLong()).isPositive();
            assertThat(model.path("owned_by").asString()).isEqualTo("mock-provider");
        });
    }

    @Test
    void retrievesAnyModelById() {
        Answer answer = client.get("/v1/models/whatever-model");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("id").asString()).isEqualTo("whatever-model");
    }

    @Test
    void healthIsUp() {
        Answer answer = client.get("/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void actuatorExposesHealthOnly() {
        assertThat(client.get("/actuator/health").body().path("status").asString())
                .isEqualTo("UP");
        assertThat(client.get("/actuator/env").status()).isEqualTo(404);
        assertThat(client.get("/actuator/info").status()).isEqualTo(404);
    }
}
