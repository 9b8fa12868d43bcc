package dev.aggregator.proxy.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/embeddings} over HTTP, with seeded free route plans on the real mock-provider. */
@ProxyServiceTest
class EmbeddingsEndpointTests {

    private static final String PATH = "/v1/embeddings";

    @Autowired
    ProxyClient proxy;

    @Autowired
    RoutePlans plans;

    private final Identity caller = Identity.member(UUID.randomUUID(), UUID.randomUUID(), "a@b.test", Set.of("OWNER"));
    private final String model = "embed-" + UUID.randomUUID();

    @Test
    void embedsWithUsageCostAndTheClientsModelName() {
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-embed")));

        String body = proxy.post(PATH, caller, "{'model': '" + model + "', 'input': ['first text', 'second']}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "mock-one")
                .expectHeader()
                .exists("x-aggregator-cost")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        JsonNode answer = Json.MAPPER.readTree(body);
        assertThat(answer.path("model").asString()).isEqualTo(model);
        assertThat(answer.path("data")).hasSize(2);
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isPositive();
        assertThat(answer.at("/usage/cost").isNumber()).isTrue();
    }

    @Test
    void aModelServedOnlyByProvidersWithoutEmbeddingsIsA400() {
        var anthropic = new Candidate(
                UUID.randomUUID(),
                "claude",
                "anthropic",
                "http://127.0.0.1:1/v1",
                "k",
                "claude-x",
                BigDecimal.ONE,
                BigDecimal.ONE);
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(anthropic));

        proxy.post(PATH, caller, "{'model': '" + model + "', 'input': 'x'}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.param")
                .isEqualTo("model")
                .jsonPath("$.error.message")
                .value(String.class, message -> assertThat(message).contains("does not support embeddings"));
    }

    @Test
    void anInvalidInputIsA400() {
        proxy.post(PATH, caller, "{'model': 'e', 'input': []}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.param")
                .isEqualTo("input");
    }
}
