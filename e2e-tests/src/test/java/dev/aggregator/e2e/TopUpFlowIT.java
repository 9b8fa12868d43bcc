package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.amounts;
import static dev.aggregator.e2e.Fixtures.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A self-serve top-up end to end through the gateway: the owner asks for one, billing opens a
 * Checkout Session with (a fake of) Stripe's API, Stripe's signed webhook reaches billing through
 * the gateway without credentials and credits the balance once, even when replayed; then Stripe
 * refunds it.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopUpFlowIT {

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The form of each Checkout Session billing created, by client_reference_id. */
    private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

    private HttpServer stripe;

    TopUpFlowIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @BeforeAll
    void startFakeStripe() throws IOException {
        var address = URI.create(platform.fakeStripeUrl());
        stripe = HttpServer.create(new InetSocketAddress(address.getHost(), address.getPort()), 0);
        stripe.createContext("/v1/checkout/sessions", exchange -> {
            var form = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            var authorized = ("Bearer " + Platform.STRIPE_SECRET_KEY)
                    .equals(exchange.getRequestHeaders().getFirst("Authorization"));
            var sessionId = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
            sessions.put(form.get("client_reference_id"), form);
            var body = authorized
                    ? """
                    {"id": "%s", "object": "checkout.session", "mode": "payment", "status": "open",
                     "payment_status": "unpaid", "amount_total": %s, "currency": "usd",
                     "client_reference_id": "%s", "url": "https://checkout.stripe.com/c/pay/%s"}""".formatted(
                                    sessionId,
                                    form.get("line_items[0][price_data][unit_amount]"),
                                    form.get("client_reference_id"),
                                    sessionId)
                    : "{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"Invalid API Key\"}}";
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stripe.start();
    }

    @AfterAll
    void stopFakeStripe() {
        if (stripe != null) stripe.stop(0);
    }

    @Test
    void aTopUpIsCreditedOnceThroughTheGatewayAndThenRefunded() throws Exception {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);

        var created = api.post("/v1/billing/top-ups", company.ownerToken(), Map.of("amount", new BigDecimal("20.00")));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("status").asString()).isEqualTo("PENDING");
        assertThat(created.body().get("checkout_url").asString()).startsWith("https://checkout.stripe.com/");
        var topUpId = created.body().get("id").asString();
        var form = sessions.get(topUpId);
        assertThat(form)
                .containsEntry("mode", "payment")
                .containsEntry("metadata[top_up_id]", topUpId)
                .containsEntry("metadata[company_id]", company.id())
                .containsEntry("line_items[0][price_data][unit_amount]", "2000");
        var sessionId = created.body().get("checkout_url").asString().replace("https://checkout.stripe.com/c/pay/", "");
        var paymentIntent = "pi_" + UUID.randomUUID().toString().replace("-", "");

        var completed = event(
                "checkout.session.completed", """
                {"id": "%s", "object": "checkout.session", "amount_total": 2000, "currency": "usd",
                 "client_reference_id": "%s", "metadata": {"top_up_id": "%s", "company_id": "%s"},
                 "payment_intent": "%s", "payment_status": "paid", "status": "complete"}""".formatted(sessionId, topUpId, topUpId, company.id(), paymentIntent));
        assertThat(deliver(completed, "t=1,v1=forged")).isEqualTo(400);
        assertThat(balance(company)).isEqualByComparingTo("0");

        assertThat(deliver(completed, sign(completed))).isEqualTo(200);
        assertThat(deliver(completed, sign(completed))).as("a replay").isEqualTo(200);

        assertThat(balance(company)).isEqualByComparingTo("20");
        var topUps = api.get("/v1/billing/top-ups", company.ownerToken());
        assertThat(topUps.body().get("data").get(0).get("status").asString()).isEqualTo("PAID");
        var credits = api.get("/v1/billing/transactions?type=TOP_UP", company.ownerToken());
        assertThat(amounts(credits.body())).containsExactly(new BigDecimal("20"));

        var refunded = event("charge.refunded", """
                {"id": "ch_e2e", "object": "charge", "amount": 2000, "amount_refunded": 2000, "currency": "usd",
                 "payment_intent": "%s", "refunded": true}""".formatted(paymentIntent));
        assertThat(deliver(refunded, sign(refunded))).isEqualTo(200);

        assertThat(balance(company)).isEqualByComparingTo("0");
        assertThat(api.get("/v1/billing/top-ups", company.ownerToken())
                        .body()
                        .get("data")
                        .get(0)
                        .get("status")
                        .asString())
                .isEqualTo("REFUNDED");
        var csv = http.send(
                HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/billing/transactions?format=csv"))
                        .header("Authorization", "Bearer " + company.ownerToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        var lines = List.of(csv.body().split("\r\n"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(",REFUND,-20,0,");
        assertThat(lines.get(2)).contains(",TOP_UP,20,20,");
    }

    private BigDecimal balance(Fixtures.Company company) {
        return decimal(api.get("/v1/billing/balance", company.ownerToken()).body(), "balance");
    }

    /** Posts a webhook through the public gateway the way Stripe does: raw JSON, no credentials. */
    private int deliver(String payload, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v1/billing/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String event(String type, String object) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "2025-03-31.basil", "created": %d,
                 "data": {"object": %s}, "livemode": false, "pending_webhooks": 1, "type": "%s"}""".formatted(
                        UUID.randomUUID().toString().replace("-", ""), System.currentTimeMillis() / 1000, object, type);
    }

    private static String sign(String payload) throws GeneralSecurityException {
        long now = System.currentTimeMillis() / 1000;
        return "t=" + now + ",v1="
                + Webhook.Util.computeHmacSha256(Platform.STRIPE_WEBHOOK_SECRET, now + "." + payload);
    }

    private static Map<String, String> decode(String body) {
        var form = new java.util.LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
