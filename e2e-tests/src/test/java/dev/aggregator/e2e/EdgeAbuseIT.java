package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The abuse limits of api-v1.md ("Abuse limits"), through the gateway like any client: bodies over
 * the limits, a registration spree from one address, unknown URLs and a flood of made-up API keys.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeAbuseIT {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    /**
     * TEST-NET-3: no other suite sends from here (Fixtures uses 198.18.0.0/15), and the suite's
     * Redis prefix is new each run, so this address's budget is this test's alone. The gateway
     * believes it because the suite calls from 127.0.0.1, a trusted proxy (see Platform).
     */
    private static final String ONE_ADDRESS = "203.0.113.60";

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private Fixtures.Company company;

    EdgeAbuseIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @BeforeAll
    void aCompanyWithAnApiKey() {
        company = fixtures.fundedCompany(BigDecimal.ZERO);
    }

    @Test
    void aChatBodyOfElevenMebibytesIsRefusedWith413InOpenAisShape() {
        String content = "a".repeat(11 * MIB);
        String body = "{\"model\":\"e2e-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";

        var response = postOnAConnectionOfItsOwn(
                "/v1/chat/completions",
                body,
                Map.of("Authorization", "Bearer " + company.apiKey(), "Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asString()).isEqualTo("request_too_large");
        assertThat(error.get("message").asString()).isNotBlank();
    }

    @Test
    void aLoginBodyOfAHundredKibibytesIsRefusedWith413AsAProblem() {
        String body = "{\"email\":\"someone@e2e.test\",\"password\":\"" + "p".repeat(100 * KIB) + "\"}";

        var response = postOnAConnectionOfItsOwn(
                "/v1/auth/login",
                body,
                Map.of("Content-Type", "application/json", "X-Forwarded-For", Fixtures.someClientAddress()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("type").asString()).isNotBlank();
        assertThat(problem.get("title").asString()).isNotBlank();
    }

    @Test
    void sixtyRegistrationsFromOneAddressAreMostlyRefusedWith429AndRetryAfter() throws InterruptedException {
        notAtTheEndOfAMinute();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            var response = api.post(
                    "/v1/auth/register",
                    null,
                    registration("spree-" + i + "-" + UUID.randomUUID() + "@e2e.test"),
                    Map.of("X-Forwarded-For", ONE_ADDRESS));
            statuses.add(response.status());
            if (response.status() == 429) {
                assertThat(response.header("Retry-After")).as("Retry-After").isNotNull();
                assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 60);
                assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(response.body().get("status").asInt()).isEqualTo(429);
            }
        }

        assertThat(statuses).containsOnly(201, 429);
        assertThat(statuses.subList(0, 10)).as("the first ten pass").containsOnly(201);
        assertThat(statuses.stream().filter(status -> status == 429).count())
                .as("refused of 60: %s", statuses)
                .isEqualTo(50);
        // Another address is not held back by this one's spree.
        assertThat(fixtures.register("another-" + UUID.randomUUID() + "@e2e.test")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void anUnknownPathUnderV1IsOpenAisUnknownUrl404() {
        var response = api.post("/v1/foo", company.apiKey(), Map.of("model", "e2e-gpt"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asString()).isEqualTo("unknown_url");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).isEqualTo("Invalid URL (POST /v1/foo)");
    }

    @Test
    void aFloodOfUnknownKeysIsRefusedWith401WhileAValidKeyStillAnswers200() throws Exception {
        List<String> unknownKeys =
                IntStream.range(0, 150).mapToObj(i -> madeUpKey()).toList();
        List<Integer> floodStatuses = new ArrayList<>();
        List<Integer> validStatuses = new ArrayList<>();
        Duration slowestValid = Duration.ZERO;
        try (var http = http1();
                ExecutorService flooders = Executors.newFixedThreadPool(6)) {
            // Each made-up key twice: the second time it is answered from the gateway's memory.
            List<Future<Integer>> flood = new ArrayList<>();
            for (String key : unknownKeys) {
                flood.add(flooders.submit(() -> models(http, key).statusCode()));
                flood.add(flooders.submit(() -> models(http, key).statusCode()));
            }
            while (flood.stream().anyMatch(call -> !call.isDone())) {
                var started = Instant.now();
                validStatuses.add(models(http, company.apiKey()).statusCode());
                var took = Duration.between(started, Instant.now());
                if (took.compareTo(slowestValid) > 0) slowestValid = took;
                Thread.sleep(20);
            }
            for (var call : flood) floodStatuses.add(call.get());

            assertThat(floodStatuses).hasSize(300).containsOnly(401);
            assertThat(validStatuses).isNotEmpty().containsOnly(200);
            assertThat(slowestValid).as("slowest answer to the valid key").isLessThan(Duration.ofSeconds(5));
            assertThat(models(http, company.apiKey()).statusCode()).isEqualTo(200);
            var refused = models(http, unknownKeys.getFirst());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(json(refused.body()).get("error").get("code").asString()).isEqualTo("invalid_api_key");
        }
    }

    // -----------------------------------------------------------------------------------------

    /**
     * A client and connection of its own: a request refused while its body is still being written
     * leaves its connection unusable, and it must not be reused by another test.
     */
    private HttpResponse<String> postOnAConnectionOfItsOwn(String path, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try (var http = http1()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> models(HttpClient http, String apiKey) {
        var request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Plain HTTP/1.1, as the gateway speaks it (no h2c upgrade attempts). */
    private static HttpClient http1() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static Map<String, Object> registration(String email) {
        return Map.of(
                "name", "Spree Co",
                "email", email,
                "password", "correct-horse-battery",
                "description", "one of many from one address",
                "website", "https://e2e.test",
                "phone", "+1 555 0100",
                "address", Map.of("city", "Berlin", "country", "DE"));
    }

    /** Shaped like a real key, known to nobody. */
    private static String madeUpKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return "sk-agg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The per-address limit counts per minute: a spree that straddles two minutes gets two budgets. */
    private static void notAtTheEndOfAMinute() throws InterruptedException {
        long intoMinute = Instant.now().toEpochMilli() % 60_000;
        if (intoMinute > 45_000) Thread.sleep(60_000 - intoMinute + 100);
    }

    private static JsonNode json(String text) {
        return ApiClient.JSON.readTree(text);
    }
}
