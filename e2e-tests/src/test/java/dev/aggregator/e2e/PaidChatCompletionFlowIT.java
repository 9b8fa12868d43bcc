package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

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
    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("1.5");

    private final Platform platform;
    private final ApiClient api;
    private String adminToken;

    record Company(String id, String ownerToken, String apiKey, String apiKeyId) {}

    PaidChatCompletionFlowIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
    }

    @BeforeAll
    void registerTheMockProviderAndPriceModels() {
        adminToken = login(Platform.ADMIN_EMAIL, Platform.ADMIN_PASSWORD);
        String mock = createProvider("mock", "mock-key");
        String broken = createProvider("mock-broken", null);
        priceModel(MODEL, List.of(offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
        // The broken offering is cheaper, so it is tried first and the request must fall back.
        priceModel(
                FALLBACK_MODEL,
                List.of(
                        offering(broken, "mock-gpt-fail-503", new BigDecimal("0.1"), new BigDecimal("0.1")),
                        offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
        // The mock waits 250 ms between chunks of this model, so buffering anywhere would show.
        priceModel(SLOW_STREAM_MODEL, List.of(offering(mock, "mock-gpt-chunk-delay-250", INPUT_PRICE, OUTPUT_PRICE)));
    }

    @Test
    void aFundedCompanyPaysExactlyTheCostOfEachCompletion() {
        var company = fundedCompany(new BigDecimal("10"));
        OpenAIClient openai = openAi(company.apiKey());

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
        BigDecimal plainCost = costOf(plainUsage);
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
        BigDecimal streamCost = costOf(streamUsage);
        assertThat(streamCost).isEqualByComparingTo(expectedCost(streamUsage));

        BigDecimal expectedBalance = new BigDecimal("10").subtract(plainCost).subtract(streamCost);
        var balance = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "balance").compareTo(expectedBalance) == 0);
        assertThat(decimal(balance.body(), "reserved")).isZero();
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
        var company = fundedCompany(new BigDecimal("1"));
        var arrivals = new ArrayList<Long>();

        try (var stream = openAi(company.apiKey())
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

    @Test
    void aClientThatHangsUpMidStreamIsStillBilledAndItsReservationSettled() throws Exception {
        var company = fundedCompany(new BigDecimal("1"));
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(platform.gatewayUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + company.apiKey())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(Map.of(
                        "model",
                        SLOW_STREAM_MODEL,
                        "stream",
                        true,
                        "max_tokens",
                        20,
                        "messages",
                        List.of(Map.of("role", "user", "content", "I will not wait for this"))))))
                .build();

        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (var body = response.body()) {
                assertThat(body.read(new byte[64])).isPositive();
            } // hang up after the first bytes, long before the answer is complete
        }

        var settled = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "reserved").signum() == 0
                        && decimal(response.body(), "balance").compareTo(BigDecimal.ONE) < 0);
        var charges = amounts(api.get("/v1/billing/transactions?type=USAGE", company.ownerToken())
                .body());
        assertThat(charges).hasSize(1);
        assertThat(BigDecimal.ONE.add(charges.getFirst())).isEqualByComparingTo(decimal(settled.body(), "balance"));
    }

    @Test
    void aCompanyWithoutFundsIsRefusedWith402AndChargedNothing() {
        var company = fundedCompany(BigDecimal.ZERO);

        var response = api.post(
                "/v1/chat/completions",
                company.apiKey(),
                Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hi"))));

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.body().path("error").path("code").asString()).isEqualTo("insufficient_quota");
        assertThat(response.body().path("error").path("message").asString()).contains("max_tokens");
        assertThatThrownBy(() -> openAi(company.apiKey())
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
        var company = fundedCompany(new BigDecimal("1"));

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
    }

    @Test
    void listsPricedModelsInOpenAiShape() {
        var company = fundedCompany(BigDecimal.ZERO);

        var ids = openAi(company.apiKey()).models().list().data().stream()
                .map(model -> model.id())
                .toList();

        assertThat(ids).contains(MODEL, FALLBACK_MODEL);
    }

    @Test
    void aRevokedKeyIsRefusedEverywhere() {
        var company = fundedCompany(new BigDecimal("1"));
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
        var company = fundedCompany(BigDecimal.ZERO);
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
        var company = fundedCompany(BigDecimal.ZERO);
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
        assertThat(register(email).status()).isEqualTo(201);
        assertThat(register(email.toUpperCase()).status()).isEqualTo(409);
    }

    private Company fundedCompany(BigDecimal credit) {
        String email = "owner-" + UUID.randomUUID() + "@e2e.test";
        var registered = register(email);
        assertThat(registered.status()).isEqualTo(201);
        String companyId = registered.body().get("id").asString();
        String ownerToken = login(email, "correct-horse-battery");
        var key = api.post("/v1/auth/api-keys", ownerToken, Map.of("name", "e2e"));
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.body().get("key").asString()).startsWith("sk-agg-");
        if (credit.signum() > 0) {
            var credited = api.post(
                    "/v1/billing/balance",
                    adminToken,
                    Map.of("amount", credit, "operation", "CREDIT", "company_id", companyId));
            assertThat(credited.status()).isEqualTo(200);
        }
        return new Company(
                companyId,
                ownerToken,
                key.body().get("key").asString(),
                key.body().get("id").asString());
    }

    private ApiClient.Response register(String email) {
        return api.post(
                "/v1/auth/register",
                null,
                Map.of(
                        "name", "E2E Co",
                        "email", email,
                        "password", "correct-horse-battery",
                        "description", "end-to-end test company",
                        "website", "https://e2e.test",
                        "phone", "+1 555 0100",
                        "address", Map.of("city", "Berlin", "country", "DE")));
    }

    private String login(String email, String password) {
        var response = api.post("/v1/auth/login", null, Map.of("email", email, "password", password));
        assertThat(response.status()).as("login of %s", email).isEqualTo(200);
        return response.body().get("access_token").asString();
    }

    private String createProvider(String name, String apiKey) {
        var body = new java.util.HashMap<String, Object>(Map.of(
                "name",
                name,
                "type",
                "openai_compatible",
                "base_url",
                platform.mockProviderUrl() + "/v1",
                "enabled",
                true));
        if (apiKey != null) body.put("api_key", apiKey);
        var response = api.post("/v1/providers", adminToken, body);
        assertThat(response.status())
                .as("create provider %s: %s", name, response.body())
                .isEqualTo(201);
        assertThat(response.body().has("api_key")).isFalse();
        return response.body().get("id").asString();
    }

    private void priceModel(String model, List<Map<String, Object>> offerings) {
        var response =
                api.put("/v1/models/" + model, adminToken, Map.of("context_length", 128000, "offerings", offerings));
        assertThat(response.status()).as("price %s: %s", model, response.body()).isEqualTo(200);
    }

    private static Map<String, Object> offering(
            String providerId, String providerModel, BigDecimal input, BigDecimal output) {
        return Map.of(
                "provider_id", providerId,
                "provider_model", providerModel,
                "input_price_per_million", input,
                "output_price_per_million", output);
    }

    private OpenAIClient openAi(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(platform.gatewayUrl() + "/v1")
                .apiKey(apiKey)
                .maxRetries(0)
                .build();
    }

    /** The documented rule: (prompt × input + completion × output) / 1e6, half-even at 8 places. */
    private static BigDecimal expectedCost(CompletionUsage usage) {
        return INPUT_PRICE
                .multiply(BigDecimal.valueOf(usage.promptTokens()))
                .add(OUTPUT_PRICE.multiply(BigDecimal.valueOf(usage.completionTokens())))
                .divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal costOf(CompletionUsage usage) {
        var cost = usage._additionalProperties().get("cost");
        assertThat(cost).as("usage.cost").isNotNull();
        return new BigDecimal(cost.toString());
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return node.get(field).decimalValue();
    }

    private static List<BigDecimal> amounts(JsonNode page) {
        var result = new ArrayList<BigDecimal>();
        page.get("data").forEach(entry -> result.add(entry.get("amount").decimalValue()));
        return result;
    }

    /** Events settle asynchronously: poll (bounded) until the outcome shows. */
    private static ApiClient.Response eventually(
            Supplier<ApiClient.Response> call, Predicate<ApiClient.Response> done) {
        var deadline = Instant.now().plus(Duration.ofSeconds(15));
        ApiClient.Response last = call.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = call.get();
        }
        assertThat(done.test(last))
                .as("eventually: last answer %s %s", last.status(), last.body())
                .isTrue();
        return last;
    }
}
