package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.openai.models.completions.CompletionUsage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
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
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What the end-to-end suites do through the public API to set a scene: companies, providers, prices. */
final class Fixtures {

    record Company(String id, String ownerToken, String apiKey, String apiKeyId) {}

    /** What every fixture company's owner signs in with. */
    static final String OWNER_PASSWORD = "correct-horse-battery";

    private final ApiClient api;
    private final String mockProviderUrl;
    private final String adminEmail;
    private final String adminPassword;
    private String adminToken;

    Fixtures(Platform platform, ApiClient api) {
        this(api, platform.mockProviderUrl(), Platform.ADMIN_EMAIL, Platform.ADMIN_PASSWORD);
    }

    /** For a platform the suite did not start (ComposeStackIT): where the mock is, who the admin is. */
    Fixtures(ApiClient api, String mockProviderUrl, String adminEmail, String adminPassword) {
        this.api = api;
        this.mockProviderUrl = mockProviderUrl;
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
    }

    String adminToken() {
        if (adminToken == null) adminToken = login(adminEmail, adminPassword);
        return adminToken;
    }

    Company fundedCompany(BigDecimal credit) {
        return fundedCompany(credit, null);
    }

    /** @param rpmLimit the API key's requests per minute, or null for the default */
    Company fundedCompany(BigDecimal credit, Integer rpmLimit) {
        return fundedCompany("owner-" + UUID.randomUUID() + "@e2e.test", credit, rpmLimit);
    }

    /** A company whose owner signs in with this e-mail and {@link #OWNER_PASSWORD}. */
    Company fundedCompany(String email, BigDecimal credit, Integer rpmLimit) {
        var registered = register(email);
        assertThat(registered.status()).isEqualTo(201);
        String companyId = registered.body().get("id").asString();
        String ownerToken = login(email, OWNER_PASSWORD);
        var key = api.post(
                "/v1/auth/api-keys",
                ownerToken,
                rpmLimit == null ? Map.of("name", "e2e") : Map.of("name", "e2e", "rpm_limit", rpmLimit));
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.body().get("key").asString()).startsWith("sk-agg-");
        awaitKnownToBilling(companyId);
        if (credit.signum() > 0) {
            var credited = api.post(
                    "/v1/billing/balance",
                    adminToken(),
                    Map.of("amount", credit, "operation", "CREDIT", "company_id", companyId));
            assertThat(credited.status()).isEqualTo(200);
        }
        return new Company(
                companyId,
                ownerToken,
                key.body().get("key").asString(),
                key.body().get("id").asString());
    }

    /**
     * Waits until billing has consumed the company's registration: before, a platform admin's
     * credit for it is refused as a company billing does not know.
     */
    void awaitKnownToBilling(String companyId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (api.get("/v1/billing/balance?company_id=" + companyId, adminToken())
                        .status()
                == 404) {
            if (System.nanoTime() > deadline) throw new AssertionError("billing never learned of company " + companyId);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    ApiClient.Response register(String email) {
        return api.post(
                "/v1/auth/register",
                null,
                Map.of(
                        "name", "E2E Co",
                        "email", email,
                        "password", OWNER_PASSWORD,
                        "description", "end-to-end test company",
                        "website", "https://e2e.test",
                        "phone", "+1 555 0100",
                        "address", Map.of("city", "Berlin", "country", "DE")),
                Map.of("X-Forwarded-For", someClientAddress()));
    }

    /** An address of the benchmarking range (198.18.0.0/15) per call: per-address limits stay out of the way. */
    static String someClientAddress() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    String login(String email, String password) {
        var response = api.post(
                "/v1/auth/login",
                null,
                Map.of("email", email, "password", password),
                Map.of("X-Forwarded-For", someClientAddress()));
        assertThat(response.status()).as("login of %s", email).isEqualTo(200);
        return response.body().get("access_token").asString();
    }

    String createProvider(String name, String apiKey) {
        var body = new java.util.HashMap<String, Object>(Map.of(
                "name", name, "type", "openai_compatible", "base_url", mockProviderUrl + "/v1", "enabled", true));
        if (apiKey != null) body.put("api_key", apiKey);
        var response = api.post("/v1/providers", adminToken(), body);
        assertThat(response.status())
                .as("create provider %s: %s", name, response.body())
                .isEqualTo(201);
        assertThat(response.body().has("api_key")).isFalse();
        return response.body().get("id").asString();
    }

    void priceModel(String model, List<Map<String, Object>> offerings) {
        var response =
                api.put("/v1/models/" + model, adminToken(), Map.of("context_length", 128000, "offerings", offerings));
        assertThat(response.status()).as("price %s: %s", model, response.body()).isEqualTo(200);
    }

    static Map<String, Object> offering(String providerId, String providerModel, BigDecimal input, BigDecimal output) {
        return Map.of(
                "provider_id", providerId,
                "provider_model", providerModel,
                "input_price_per_million", input,
                "output_price_per_million", output);
    }

    static BigDecimal decimal(JsonNode node, String field) {
        return node.get(field).decimalValue();
    }

    static List<BigDecimal> amounts(JsonNode page) {
        var result = new ArrayList<BigDecimal>();
        page.get("data").forEach(entry -> result.add(entry.get("amount").decimalValue()));
        return result;
    }

    /** The documented rule: (input × input price + output × output price) / 1e6, half-even at 8 places. */
    static BigDecimal cost(long inputTokens, BigDecimal inputPrice, long outputTokens, BigDecimal outputPrice) {
        return inputPrice
                .multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPrice.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_EVEN);
    }

    /** The {@code usage.cost} the platform adds to OpenAI's usage, as the SDK hands it over. */
    static BigDecimal reportedCost(CompletionUsage usage) {
        var cost = usage._additionalProperties().get("cost");
        assertThat(cost).as("usage.cost").isNotNull();
        return new BigDecimal(cost.toString());
    }

    /** What a burst of concurrent chat requests came to. */
    record Burst(int answered, int refused, BigDecimal charged) {}

    /**
     * Sends {@code requests} chat completions at once (behind a barrier), alternating between the
     * gateways; each answer is a 200, whose cost is summed, or a 402 with {@code refusalCode}.
     */
    static Burst chatBurst(List<ApiClient> gateways, int requests, String apiKey, Object body, String refusalCode)
            throws Exception {
        var barrier = new java.util.concurrent.CyclicBarrier(requests);
        var answers = new ArrayList<java.util.concurrent.Future<ApiClient.Response>>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                var gateway = gateways.get(i % gateways.size());
                answers.add(threads.submit(() -> {
                    barrier.await();
                    return gateway.post("/v1/chat/completions", apiKey, body);
                }));
            }
        }
        var charged = BigDecimal.ZERO;
        int answered = 0;
        int refused = 0;
        for (var answer : answers) {
            var response = answer.get();
            if (response.status() == 200) {
                answered++;
                charged = charged.add(decimal(response.body().path("usage"), "cost"));
            } else {
                assertThat(response.status()).as("answer %s", response.body()).isEqualTo(402);
                assertThat(response.body().path("error").path("code").asString())
                        .isEqualTo(refusalCode);
                refused++;
            }
        }
        return new Burst(answered, refused, charged);
    }

    /** Events settle asynchronously: poll (bounded) until the outcome shows. */
    static ApiClient.Response eventually(Supplier<ApiClient.Response> call, Predicate<ApiClient.Response> done) {
        return eventually(call, done, Duration.ofSeconds(15));
    }

    static ApiClient.Response eventually(
            Supplier<ApiClient.Response> call, Predicate<ApiClient.Response> done, Duration timeout) {
        var deadline = Instant.now().plus(timeout);
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

    /** The last link matching {@code link} in the mails to {@code address} (waiting up to 15 s for one). */
    static String awaitMailedLink(GreenMail mail, String address, Pattern link) {
        var deadline = Instant.now().plus(Duration.ofSeconds(15));
        do {
            String found = null;
            for (MimeMessage message : mail.getReceivedMessages()) {
                try {
                    if (!addressedTo(message, address)) continue;
                    var matcher = link.matcher(message.getContent().toString());
                    while (matcher.find()) found = matcher.group();
                } catch (MessagingException | java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (found != null) return found;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no mail to " + address + " with a link like " + link + " within 15 s");
    }

    private static boolean addressedTo(MimeMessage message, String address) throws MessagingException {
        for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
            if (recipient.toString().equalsIgnoreCase(address)) return true;
        }
        return false;
    }
}
