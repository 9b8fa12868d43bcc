package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.amounts;
import static dev.aggregator.e2e.Fixtures.cost;
import static dev.aggregator.e2e.Fixtures.decimal;
import static dev.aggregator.e2e.Fixtures.eventually;
import static dev.aggregator.e2e.Fixtures.offering;
import static dev.aggregator.e2e.Fixtures.reportedCost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first paid chat completion, end to end through port 3000 only: register, log in, create a
 * key, get credited, chat with the official OpenAI SDK (plain and streamed), and see the exact
 * cost settled in billing and recorded in analytics.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaidChatCompletionFlowIT {

    private static final String MODEL = "e2e-gpt";
    private static final String FALLBACK_MODEL = "e2e-fallback";
    private static final String SLOW_STREAM_MODEL = "e2e-slow-stream";
    private static final String VERY_SLOW_STREAM_MODEL = "e2e-very-slow-stream";
    private static final String BROKEN_MODEL = "e2e-broken";
    private static final String EMBEDDING_MODEL = "e2e-embed";
    private static final BigDecimal EMBEDDING_PRICE = new BigDecimal("2");
    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("1.5");

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private String adminToken;

    PaidChatCompletionFlowIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @BeforeAll
    void registerTheMockProviderAndPriceModels() {
        adminToken = fixtures.adminToken();
        String mock = fixtures.createProvider("mock", "mock-key");
        String broken = fixtures.createProvider("mock-broken", null);
        fixtures.priceModel(MODEL, List.of(offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
        // The broken offering is cheaper, so it is tried first and the request must fall back.
        fixtures.priceModel(
                FALLBACK_MODEL,
                List.of(
                        offering(broken, "mock-gpt-fail-503", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
        // The mock waits 250 ms between chunks of this model, so buffering anywhere would show.
        fixtures.priceModel(
                SLOW_STREAM_MODEL, List.of(offering(mock, "mock-gpt-chunk-delay-250", INPUT_PRICE, OUTPUT_PRICE)));
        fixtures.priceModel(
                VERY_SLOW_STREAM_MODEL,
                List.of(offering(mock, "mock-gpt-chunk-delay-1000", INPUT_PRICE, OUTPUT_PRICE)));
        fixtures.priceModel(BROKEN_MODEL, List.of(offering(broken, "mock-gpt-fail-503", INPUT_PRICE, OUTPUT_PRICE)));
        fixtures.priceModel(EMBEDDING_MODEL, List.of(offering(mock, "mock-embed", EMBEDDING_PRICE, BigDecimal.ZERO)));
    }

    @Test
    void aFundedCompanyPaysExactlyTheCostOfEachCompletion() {
        var company = fixtures.fundedCompany(new BigDecimal("10"));
        OpenAIClient openai = api.openAi(company.apiKey());

        var plain = openai.chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model(MODEL)
                        .addUserMessage("Say hello to the aggregator")
                        .maxCompletionTokens(20)
                        .build());
        var completion = plain.parse();
        var plainUsage = completion.usage().orElseThrow();
        BigDecimal plainCost = reportedCost(plainUsage);
        assertThat(completion.choices()).isNotEmpty();
        assertThat(completion.choices().getFirst().message().content()).isPresent();
        assertThat(plainCost).isEqualByComparingTo(expectedCost(plainUsage));
        assertThat(plain.headers().values("x-aggregator-provider")).containsExactly("mock");
        assertThat(new BigDecimal(plain.headers().values("x-aggregator-cost").getFirst()))
                .isEqualByComparingTo(plainCost);

        var chunks = new ArrayList<ChatCompletionChunk>();
        try (var stream = openai.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(MODEL)
                        .addUserMessage("Stream a short answer, please")
                        .maxCompletionTokens(30)
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).hasSizeGreaterThan(2);
        String streamedText = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream())
                .reduce("", String::concat);
        assertThat(streamedText).isNotBlank();
        var streamUsage = chunks.getLast().usage().orElseThrow();
        BigDecimal streamCost = reportedCost(streamUsage);
        assertThat(streamCost).isEqualByComparingTo(expectedCost(streamUsage));

        BigDecimal expectedBalance = new BigDecimal("10").subtract(plainCost).subtract(streamCost);
        // The proxy's budget lease goes back once no request uses it (within 5 s).
        var balance = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "balance").compareTo(expectedBalance) == 0
                        && decimal(response.body(), "reserved").signum() == 0);
        assertThat(decimal(balance.body(), "available")).isEqualByComparingTo(expectedBalance);
        assertThat(balance.body().get("currency").asString()).isEqualTo("USD");

        var transactions = api.get("/v1/billing/transactions?type=USAGE", company.ownerToken());
        assertThat(transactions.status()).isEqualTo(200);
        assertThat(amounts(transactions.body())).containsExactlyInAnyOrder(plainCost.negate(), streamCost.negate());

        var usage = eventually(
                () -> api.get("/v1/analytics/usage?group_by=model", company.ownerToken()),
                response -> response.status() == 200
                        && response.body().path("totals").path("requests").asLong() == 2);
        assertThat(decimal(usage.body().get("totals"), "cost")).isEqualByComparingTo(plainCost.add(streamCost));
        assertThat(usage.body().get("data").get(0).get("bucket").asString()).isEqualTo(MODEL);
    }

    @Test
    void aStreamReachesTheClientChunkByChunkThroughGatewayAndProxy() {
        var company = fixtures.fundedCompany(new BigDecimal("1"));
        var arrivals = new ArrayList<Long>();

        try (var stream = api.openAi(company.apiKey())
                .chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(SLOW_STREAM_MODEL)
                        .addUserMessage("Take your time")
                        .maxCompletionTokens(5)
                        .build())) {
            stream.stream()
                    .filter(chunk -> chunk.choices().stream()
                            .anyMatch(choice -> choice.delta().content().isPresent()))
                    .forEach(chunk -> arrivals.add(System.nanoTime()));
        }

        // Five words 250 ms apart upstream: a buffered relay would hand them over all at once.
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Duration.ofNanos(arrivals.getLast() - arrivals.getFirst())).isGreaterThan(Duration.ofMillis(600));
    }

    /**
     * The stream would take ~9 s (9 words, 1 s apart). A client that hangs up after the first
     * chunk must be billed for the part it got long before that, which a stream that simply ran
     * to its end could not be.
     */
    @Test
    void aClientThatHangsUpMidStreamIsBilledForWhatItGotBeforeTheStreamCouldHaveEnded() throws Exception {
        var company = fixtures.fundedCompany(new BigDecimal("1"));
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(platform.gatewayUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + company.apiKey())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(Map.of(
                        "model",
                        VERY_SLOW_STREAM_MODEL,
                        "stream",
                        true,
                        "max_tokens",
                        20,
                        "messages",
                        List.of(Map.of("role", "user", "content", "I will not wait for this"))))))
                .build();

        Instant hungUp;
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (var body = response.body()) {
                assertThat(body.read(new byte[64])).isPositive();
                hungUp = Instant.now();
            } // hang up after the first bytes, long before the answer is complete
        }

        // One row per request: the final event (the hang-up) replaces any checkpoint before it.
        var logged = eventually(
                () -> api.get("/v1/analytics/requests?limit=5", company.ownerToken()),
                response -> response.status() == 200
                        && response.body().path("data").size() == 1
                        && "client_disconnected"
                                .equals(response.body()
                                        .path("data")
                                        .get(0)
                                        .path("error_code")
                                        .asString()));
        assertThat(Duration.between(hungUp, Instant.now()))
                .as("recorded before the stream could have ended on its own")
                .isLessThan(Duration.ofSeconds(6));
        var logRow = logged.body().path("data").get(0);
        assertThat(logRow.path("http_status").asInt()).isEqualTo(499);
        var charge = decimal(logRow, "cost");
        // The whole answer would be 9 words ("Mock reply to: I will not wait for this"), so 9
        // completion tokens; the client got at most the first one or two of them.
        assertThat(logRow.path("completion_tokens").asLong()).isBetween(0L, 4L);
        assertThat(charge).isPositive();
        var settled = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "reserved").signum() == 0
                        && decimal(response.body(), "balance").compareTo(BigDecimal.ONE.subtract(charge)) == 0);
        assertThat(amounts(api.get("/v1/billing/transactions?type=USAGE", company.ownerToken())
                                .body())
                        .stream()
                        .reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(charge.negate());
        assertThat(decimal(settled.body(), "available")).isEqualByComparingTo(BigDecimal.ONE.subtract(charge));
    }

    @Test
    void aCompanyWithoutFundsIsRefusedWith402AndChargedNothing() {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);

        var response = api.post(
                "/v1/chat/completions",
                company.apiKey(),
                Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hi"))));

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.body().path("error").path("code").asString()).isEqualTo("insufficient_quota");
        assertThat(response.body().path("error").path("message").asString()).contains("max_tokens");
        assertThatThrownBy(() -> api.openAi(company.apiKey())
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model(MODEL)
                                .addUserMessage("Hi")
                                .build()))
                .isInstanceOfSatisfying(
                        OpenAIServiceException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(402));
        var balance = api.get("/v1/billing/balance", company.ownerToken()).body();
        assertThat(decimal(balance, "balance")).isZero();
        assertThat(decimal(balance, "reserved")).isZero();
    }

    @Test
    void fallsBackToTheNextProviderWhenTheFirstFails() {
        var company = fixtures.fundedCompany(new BigDecimal("1"));

        var response = api.post(
                "/v1/chat/completions",
                company.apiKey(),
                Map.of(
                        "model",
                        FALLBACK_MODEL,
                        "max_tokens",
                        10,
                        "messages",
                        List.of(Map.of("role", "user", "content", "Fall back, please"))));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-aggregator-provider")).isEqualTo("mock");
        assertThat(response.body().path("model").asString()).isEqualTo(FALLBACK_MODEL);
        // Billed at the prices of the provider that served it, not of the cheaper one that failed.
        var usage = response.body().path("usage");
        var servedPrice = cost(
                usage.path("prompt_tokens").asLong(),
                INPUT_PRICE,
                usage.path("completion_tokens").asLong(),
                OUTPUT_PRICE);
        assertThat(decimal(usage, "cost")).isEqualByComparingTo(servedPrice);
        var charged = eventually(
                () -> api.get("/v1/billing/transactions?type=USAGE", company.ownerToken()),
                page -> !amounts(page.body()).isEmpty());
        assertThat(amounts(charged.body()))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(servedPrice.negate());
    }

    @Test
    void aPricedRequestNoProviderCouldServeGivesItsHoldBackAndCostsNothing() {
        var company = fixtures.fundedCompany(new BigDecimal("1"));

        var response = api.post(
                "/v1/chat/completions",
                company.apiKey(),
                Map.of("model", BROKEN_MODEL, "messages", List.of(Map.of("role", "user", "content", "Hi"))));

        assertThat(response.status()).isGreaterThanOrEqualTo(500);
        assertThat(response.body().path("error").isObject()).isTrue();
        var balance = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                answer -> decimal(answer.body(), "reserved").signum() == 0);
        assertThat(decimal(balance.body(), "balance")).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(amounts(api.get("/v1/billing/transactions?type=USAGE", company.ownerToken())
                        .body()))
                .isEmpty();
    }

    @Test
    void embeddingsAreBilledAtTheirInputPrice() {
        var company = fixtures.fundedCompany(new BigDecimal("1"));

        var response = api.post(
                "/v1/embeddings",
                company.apiKey(),
                Map.of("model", EMBEDDING_MODEL, "input", List.of("first text to embed", "and a second one")));

        assertThat(response.status()).isEqualTo(200);
        long promptTokens = response.body().path("usage").path("prompt_tokens").asLong();
        assertThat(promptTokens).isPositive();
        var expected = cost(promptTokens, EMBEDDING_PRICE, 0, BigDecimal.ZERO);
        assertThat(decimal(response.body().path("usage"), "cost")).isEqualByComparingTo(expected);
        var balance = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                answer -> decimal(answer.body(), "reserved").signum() == 0
                        && decimal(answer.body(), "balance").compareTo(BigDecimal.ONE.subtract(expected)) == 0);
        assertThat(decimal(balance.body(), "available")).isEqualByComparingTo(BigDecimal.ONE.subtract(expected));
    }

    @Test
    void listsPricedModelsInOpenAiShape() {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);

        var ids = api.openAi(company.apiKey()).models().list().data().stream()
                .map(model -> model.id())
                .toList();

        assertThat(ids).contains(MODEL, FALLBACK_MODEL);
    }

    @Test
    void aRevokedKeyIsRefusedEverywhere() {
        var company = fixtures.fundedCompany(new BigDecimal("1"));
        assertThat(api.get("/v1/models", company.apiKey()).status()).isEqualTo(200);

        assertThat(api.delete("/v1/auth/api-keys/" + company.apiKeyId(), company.ownerToken())
                        .status())
                .isEqualTo(204);

        var revokedAt = Instant.now();
        var refused = eventually(() -> api.get("/v1/models", company.apiKey()), r -> r.status() == 401);
        System.out.printf(
                "Revoked key refused after %d ms%n",
                Duration.between(revokedAt, Instant.now()).toMillis());
        assertThat(refused.body().path("error").path("code").asString()).isEqualTo("invalid_api_key");
    }

    @Test
    void identityHeadersSentByAClientAreIgnored() {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);
        var forged = Map.of("X-Aggregator-Identity", "forged.token.value", "X-Request-Id", "client-req-42");

        var anonymous = api.send("GET", "/v1/billing/balance", null, null, forged);
        var withKey = api.send("GET", "/v1/billing/balance", company.apiKey(), null, forged);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("x-request-id")).isEqualTo("client-req-42");
        assertThat(withKey.status()).isEqualTo(200);
        assertThat(withKey.body().get("company_id").asString()).isEqualTo(company.id());
    }

    @Test
    void onlyThePlatformAdminMovesMoneyAndARetryMovesItOnce() {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);
        var credit = Map.of("amount", 5, "operation", "CREDIT", "company_id", company.id());

        assertThat(api.post("/v1/billing/balance", company.ownerToken(), credit).status())
                .isEqualTo(403);
        var idempotency = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        var first = api.post("/v1/billing/balance", adminToken, credit, idempotency);
        var retry = api.post("/v1/billing/balance", adminToken, credit, idempotency);
        var conflicting = api.post(
                "/v1/billing/balance",
                adminToken,
                Map.of("amount", 6, "operation", "CREDIT", "company_id", company.id()),
                idempotency);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.body().get("transaction_id")).isEqualTo(first.body().get("transaction_id"));
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(decimal(api.get("/v1/billing/balance", company.ownerToken()).body(), "balance"))
                .isEqualByComparingTo("5");
    }

    @Test
    void registrationRejectsBadInputAndDuplicates() {
        var invalid = api.post(
                "/v1/auth/register", null, Map.of("name", "Bad", "email", "not-an-email", "password", "short"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.raw().headers().firstValue("content-type").orElse(""))
                .startsWith("application/problem+json");
        assertThat(invalid.body().get("errors").findValuesAsString("field")).contains("email", "password");

        String email = "dup-" + UUID.randomUUID() + "@e2e.test";
        assertThat(fixtures.register(email).status()).isEqualTo(201);
        assertThat(fixtures.register(email.toUpperCase()).status()).isEqualTo(409);
    }

    private static BigDecimal expectedCost(CompletionUsage usage) {
        return cost(usage.promptTokens(), INPUT_PRICE, usage.completionTokens(), OUTPUT_PRICE);
    }
}
