package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.amounts;
import static dev.aggregator.e2e.Fixtures.decimal;
import static dev.aggregator.e2e.Fixtures.eventually;
import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two gateways, each in front of its own proxy, against one company: what a scaled-out deployment
 * must keep true. Admission holds across proxy instances (each with budget leases of its own), the
 * gateways share one rate limit and both learn of a revoked key, and a proxy that dies in the
 * middle of a stream gives its leases back through another instance with what it relayed billed.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaledOutMoneyIT {

    private static final String MODEL = "scaled-gpt";
    private static final String SLOW_STREAM_MODEL = "scaled-slow-stream";
    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("1.5");

    private final Platform platform;
    private final ApiClient first;
    private final ApiClient second;
    private final Fixtures fixtures;

    ScaledOutMoneyIT(Platform platform) {
        this.platform = platform;
        this.first = new ApiClient(platform.gatewayUrl());
        this.second = new ApiClient(platform.secondGatewayUrl());
        this.fixtures = new Fixtures(platform, first);
    }

    @BeforeAll
    void priceModels() {
        String mock = fixtures.createProvider("mock-scaled", "mock-key");
        fixtures.priceModel(MODEL, List.of(offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
        fixtures.priceModel(
                SLOW_STREAM_MODEL, List.of(offering(mock, "mock-gpt-chunk-delay-1000", INPUT_PRICE, OUTPUT_PRICE)));
    }

    /**
     * 240 requests behind a barrier, half through each gateway, for a company whose money covers
     * a few dozen: the ones answered are billed exactly, the rest are refused with 402, and the
     * balance never goes below zero although two proxies admitted on their own.
     */
    @Test
    @Order(1)
    void twoProxiesNeverAdmitMoreThanTheCompanyCanPay() throws Exception {
        var funds = new BigDecimal("0.002");
        var company = fixtures.fundedCompany(funds, 100_000);
        var chat = Map.of(
                "model",
                MODEL,
                "max_tokens",
                10,
                "messages",
                List.of(Map.of("role", "user", "content", "Spend my money")));
        var burst = Fixtures.chatBurst(List.of(first, second), 240, company.apiKey(), chat, "insufficient_quota");
        var charged = burst.charged();
        int ok = burst.answered();
        int refused = burst.refused();
        assertThat(ok).as("some requests are served").isPositive();
        assertThat(refused).as("the money runs out").isPositive();

        var expectedBalance = funds.subtract(charged);
        var balance = eventually(
                () -> first.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "reserved").signum() == 0
                        && decimal(response.body(), "balance").compareTo(expectedBalance) == 0,
                Duration.ofSeconds(30));
        assertThat(decimal(balance.body(), "balance")).isNotNegative();
        var usage = amounts(first.get("/v1/billing/transactions?type=USAGE&limit=500", company.ownerToken())
                .body());
        assertThat(usage).hasSize(ok);
    }

    @Test
    @Order(2)
    void bothGatewaysCountAgainstOneRateLimit() throws InterruptedException {
        var company = fixtures.fundedCompany(BigDecimal.ONE, 10);
        // The limit counts in fixed one-minute windows (epoch minutes): start in a fresh one, so
        // that the 20 requests below all fall into the same window.
        long secondOfMinute = java.time.Instant.now().getEpochSecond() % 60;
        if (secondOfMinute > 40) Thread.sleep((61 - secondOfMinute) * 1000);
        int served = 0;
        for (int i = 0; i < 20; i++) {
            var gateway = i % 2 == 0 ? first : second;
            var response = gateway.post(
                    "/v1/chat/completions",
                    company.apiKey(),
                    Map.of(
                            "model",
                            MODEL,
                            "max_tokens",
                            2,
                            "messages",
                            List.of(Map.of("role", "user", "content", "hi"))));
            if (response.status() == 200) served++;
            else assertThat(response.status()).isEqualTo(429);
        }
        assertThat(served).isEqualTo(10);
    }

    @Test
    @Order(3)
    void aRevokedKeyIsRefusedByBothGateways() {
        var company = fixtures.fundedCompany(BigDecimal.ONE);
        assertThat(first.get("/v1/models", company.apiKey()).status()).isEqualTo(200);
        assertThat(second.get("/v1/models", company.apiKey()).status()).isEqualTo(200);

        assertThat(first.delete("/v1/auth/api-keys/" + company.apiKeyId(), company.ownerToken())
                        .status())
                .isBetween(200, 204);

        eventually(() -> first.get("/v1/models", company.apiKey()), response -> response.status() == 401);
        eventually(() -> second.get("/v1/models", company.apiKey()), response -> response.status() == 401);
    }

    /**
     * A stream through the second proxy is cut by killing that proxy: no final event, no lease
     * close. The first proxy's reaper finds the dead instance's lease, closes it with exactly what
     * was recorded, and the checkpoints written while the stream ran are charged.
     */
    @Test
    @Order(4)
    void aProxyKilledMidStreamGivesItsLeaseBackWithWhatItRelayedBilled() throws Exception {
        var company = fixtures.fundedCompany(BigDecimal.ONE);
        var request = HttpRequest.newBuilder(URI.create(platform.secondGatewayUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + company.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(Map.of(
                        "model",
                        SLOW_STREAM_MODEL,
                        "stream",
                        true,
                        "max_tokens",
                        20,
                        "messages",
                        List.of(Map.of("role", "user", "content", "a b c d e f g h i j k l m n o p"))))))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (var body = response.body()) {
                awaitContentChunks(body, 4); // ~4 s of streaming: checkpoints every second
                var held = first.get("/v1/billing/balance", company.ownerToken());
                assertThat(decimal(held.body(), "reserved")).isPositive();
                platform.kill(Platform.SECOND_PROXY);
            } catch (java.io.IOException cutOff) {
                // the connection may break while closing: the proxy is gone
            }
        }

        var balance = eventually(
                () -> first.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "reserved").signum() == 0
                        && decimal(response.body(), "balance").compareTo(BigDecimal.ONE) < 0,
                Duration.ofSeconds(60));
        var charges = amounts(first.get("/v1/billing/transactions?type=USAGE", company.ownerToken())
                .body());
        var charged = charges.stream().reduce(BigDecimal.ZERO, BigDecimal::add).negate();
        assertThat(charged).isPositive();
        assertThat(decimal(balance.body(), "balance")).isEqualByComparingTo(BigDecimal.ONE.subtract(charged));
    }

    private static void awaitContentChunks(InputStream body, int chunks) throws java.io.IOException {
        var seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (count(seen, "\"content\":\"") < chunks) {
            int read = body.read(buffer);
            if (read < 0) throw new AssertionError("the stream ended early: " + seen);
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    private static int count(CharSequence text, String needle) {
        int found = 0;
        for (int at = text.toString().indexOf(needle);
                at >= 0;
                at = text.toString().indexOf(needle, at + 1)) found++;
        return found;
    }
}
