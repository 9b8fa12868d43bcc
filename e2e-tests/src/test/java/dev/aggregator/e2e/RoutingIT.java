package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.eventually;
import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Routing through both gateways (each in front of its own proxy): a provider's key pool used in
 * proportion to its weights, a provider that keeps failing marked down by one proxy and skipped
 * without an attempt by the other, the health every caller sees at
 * {@code GET /v1/models/{model}/endpoints}, and {@code x-aggregator-attempts}.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingIT {

    private static final BigDecimal PRICE = new BigDecimal("0.5");

    private final Platform platform;
    private final ApiClient first;
    private final ApiClient second;
    private final Fixtures fixtures;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String pooledModel = "routing-pooled-" + run;
    private final String failoverModel = "vendor/routing-failover-" + run;
    private final String keyA = "e2e-key-a-" + run;
    private final String keyB = "e2e-key-b-" + run;
    private String pooledProvider;
    private String failingName;
    private String backupName;
    private String failingId;
    private String backupId;
    private Fixtures.Company company;

    RoutingIT(Platform platform) {
        this.platform = platform;
        this.first = new ApiClient(platform.gatewayUrl());
        this.second = new ApiClient(platform.secondGatewayUrl());
        this.fixtures = new Fixtures(platform, first);
    }

    @BeforeAll
    void catalogue() {
        pooledProvider = fixtures.createProvider("routing-pool-" + run, keyA);
        var added = first.post(
                "/v1/providers/" + pooledProvider + "/keys",
                fixtures.adminToken(),
                Map.of("api_key", keyB, "weight", 3));
        assertThat(added.status()).as(added.body().toString()).isEqualTo(201);
        fixtures.priceModel(pooledModel, List.of(offering(pooledProvider, "mock-gpt", PRICE, PRICE)));

        failingName = "routing-failing-" + run;
        backupName = "routing-backup-" + run;
        failingId = fixtures.createProvider(failingName, "k-" + run);
        backupId = fixtures.createProvider(backupName, "k-" + run);
        fixtures.priceModel(
                failoverModel,
                List.of(
                        offering(failingId, "mock-gpt-fail-500", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        offering(backupId, "mock-gpt", PRICE, PRICE)));
        company = fixtures.fundedCompany(new BigDecimal("10"));
    }

    @Test
    @Order(1)
    void aKeyPoolIsUsedInProportionToItsWeights() throws Exception {
        var keys = first.get("/v1/providers/" + pooledProvider + "/keys", fixtures.adminToken());
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.body().get("data")).hasSize(2);
        assertThat(keys.body().toString()).doesNotContain(keyA).doesNotContain(keyB);

        for (int i = 0; i < 40; i++) {
            var answer =
                    (i % 2 == 0 ? first : second).post("/v1/chat/completions", company.apiKey(), chat(pooledModel));
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.header("x-aggregator-attempts")).isEqualTo("1");
        }
        var counts = mockKeyCounts();
        long a = counts.path(keyA).asLong();
        long b = counts.path(keyB).asLong();
        assertThat(a + b).isEqualTo(40);
        assertThat(b).as("weight 3 of 4 carries about 30 of 40").isBetween(22L, 38L);
    }

    @Test
    @Order(2)
    void aProviderMarkedDownByOneProxyIsSkippedByTheOther() {
        for (int i = 0; i < 5; i++) {
            var answer = first.post("/v1/chat/completions", company.apiKey(), chat(failoverModel));
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.header("x-aggregator-provider")).isEqualTo(backupName);
            assertThat(answer.header("x-aggregator-attempts")).isEqualTo("2");
        }
        // the mark reaches the second proxy within a second or so (flush, then its refresh)
        var skipped = eventually(
                () -> second.post("/v1/chat/completions", company.apiKey(), chat(failoverModel)),
                answer -> answer.status() == 200 && "1".equals(answer.header("x-aggregator-attempts")));
        assertThat(skipped.header("x-aggregator-provider")).isEqualTo(backupName);
    }

    @Test
    @Order(3)
    void everyCallerSeesTheEndpointsOfAModelWithTheirHealth() {
        var endpoints = eventually(
                () -> second.get("/v1/models/" + failoverModel + "/endpoints", company.apiKey()),
                answer -> answer.status() == 200
                        && "down"
                                .equals(entry(answer, failingName)
                                        .path("status")
                                        .asString())
                        && entry(answer, backupName).path("latency_p50_ms").isNumber());
        var backup = entry(endpoints, backupName);
        assertThat(backup.get("status").asString()).isEqualTo("healthy");
        assertThat(backup.get("provider_model").asString()).isEqualTo("mock-gpt");
        assertThat(backup.get("input_price_per_million").decimalValue()).isEqualByComparingTo(PRICE);
        assertThat(backup.get("context_length").asInt()).isEqualTo(128000);
        assertThat(first.get("/v1/models/no-such-" + run + "/endpoints", company.apiKey())
                        .status())
                .isEqualTo(404);
    }

    @Test
    @Order(4)
    void aProviderThatRecoversIsProbedAndServesAgainOnBothProxies() {
        // the provider's upstream works again (its offering now names a model the mock serves)
        fixtures.priceModel(
                failoverModel,
                List.of(
                        offering(failingId, "mock-gpt", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        offering(backupId, "mock-gpt", PRICE, PRICE)));
        // after its cool-down one request probes it; its success brings it back for every proxy
        eventually(
                () -> first.post("/v1/chat/completions", company.apiKey(), chat(failoverModel)),
                answer -> answer.status() == 200 && failingName.equals(answer.header("x-aggregator-provider")));
        var onTheOther = eventually(
                () -> second.post("/v1/chat/completions", company.apiKey(), chat(failoverModel)),
                answer -> answer.status() == 200 && failingName.equals(answer.header("x-aggregator-provider")));
        assertThat(onTheOther.header("x-aggregator-attempts")).isEqualTo("1");
        eventually(
                () -> second.get("/v1/models/" + failoverModel + "/endpoints", company.apiKey()),
                answer -> answer.status() == 200
                        && !"down"
                                .equals(entry(answer, failingName)
                                        .path("status")
                                        .asString()));
    }

    @Test
    @Order(5)
    void onlyAndIgnoreNarrowTheProvidersOfOneRequest() {
        var only = first.post(
                "/v1/chat/completions",
                company.apiKey(),
                Map.of(
                        "model", failoverModel,
                        "messages", List.of(Map.of("role", "user", "content", "Only the backup")),
                        "provider", Map.of("ignore", List.of(failingName))));
        assertThat(only.status()).as(only.body().toString()).isEqualTo(200);
        assertThat(only.header("x-aggregator-provider")).isEqualTo(backupName);
        assertThat(only.header("x-aggregator-attempts")).isEqualTo("1");
    }

    @Test
    @Order(6)
    void sortByLatencyPicksTheFasterProviderAndBillsItsPrice() {
        String model = "routing-latency-" + run;
        String slowName = "routing-slow-" + run;
        String fastName = "routing-fast-" + run;
        var fastPrice = new BigDecimal("2");
        String slow = fixtures.createProvider(slowName, "k-" + run);
        String fast = fixtures.createProvider(fastName, "k-" + run);
        fixtures.priceModel(
                model,
                List.of(
                        offering(slow, "mock-gpt-latency-400", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        withCost(offering(fast, "mock-gpt", fastPrice, fastPrice), BigDecimal.ONE)));
        // both providers get measured: by price the slow one serves, the fast one only when asked for
        for (int i = 0; i < 3; i++) {
            assertThat(first.post("/v1/chat/completions", company.apiKey(), chat(model))
                            .header("x-aggregator-provider"))
                    .isEqualTo(slowName);
            assertThat(first.post(
                                    "/v1/chat/completions",
                                    company.apiKey(),
                                    withProvider(model, Map.of("only", List.of(fastName))))
                            .header("x-aggregator-provider"))
                    .isEqualTo(fastName);
        }
        // the figures are shared: the other proxy sorts by them within a few seconds
        var sorted = eventually(
                () -> second.post(
                        "/v1/chat/completions", company.apiKey(), withProvider(model, Map.of("sort", "latency"))),
                answer -> answer.status() == 200 && fastName.equals(answer.header("x-aggregator-provider")));
        var usage = sorted.body().path("usage");
        var expected = fastPrice
                .multiply(BigDecimal.valueOf(usage.path("prompt_tokens").asLong()
                        + usage.path("completion_tokens").asLong()))
                .movePointLeft(6);
        assertThat(usage.path("cost").decimalValue()).isEqualByComparingTo(expected);

        // the platform's cost (1 per million tokens) is recorded next to the price: the admin sees the margin
        var margins = eventually(
                () -> first.get("/v1/analytics/margins", fixtures.adminToken()),
                answer -> answer.status() == 200
                        && margin(answer, fastName, model).path("requests").asLong() == 4);
        var fastMargin = margin(margins, fastName, model);
        var revenue = fastMargin.path("revenue").decimalValue();
        var cost = fastMargin.path("cost").decimalValue();
        assertThat(cost).isPositive();
        assertThat(revenue).isEqualByComparingTo(cost.multiply(fastPrice));
        assertThat(fastMargin.path("margin").decimalValue()).isEqualByComparingTo(revenue.subtract(cost));
    }

    private static JsonNode margin(ApiClient.Response margins, String provider, String model) {
        for (JsonNode entry : margins.body().path("data")) {
            if (provider.equals(entry.path("provider").asString())
                    && model.equals(entry.path("model").asString())) return entry;
        }
        return ApiClient.JSON.createObjectNode();
    }

    private static Map<String, Object> withCost(Map<String, Object> offering, BigDecimal costPerMillion) {
        var priced = new java.util.HashMap<>(offering);
        priced.put("input_cost_per_million", costPerMillion);
        priced.put("output_cost_per_million", costPerMillion);
        return priced;
    }

    private static Map<String, Object> withProvider(String model, Map<String, Object> provider) {
        return Map.of(
                "model", model,
                "messages", List.of(Map.of("role", "user", "content", "Route this")),
                "provider", provider);
    }

    private static JsonNode entry(ApiClient.Response endpoints, String provider) {
        for (JsonNode entry : endpoints.body().path("data")) {
            if (provider.equals(entry.path("provider").asString())) return entry;
        }
        return ApiClient.JSON.createObjectNode();
    }

    private static Map<String, Object> chat(String model) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "Route this")));
    }

    private JsonNode mockKeyCounts() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(platform.mockProviderUrl() + "/mock/keys"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return ApiClient.JSON.readTree(response.body());
    }
}
