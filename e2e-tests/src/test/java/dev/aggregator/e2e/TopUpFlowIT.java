package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.amounts;
import static dev.aggregator.e2e.Fixtures.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A self-serve top-up end to end through the gateway: the owner asks for one, billing opens a
 * Checkout Session with (a fake of) Stripe's API, Stripe's signed webhook reaches billing through
 * the gateway without credentials and credits the balance once, even when replayed; then Stripe
 * refunds it.
 */
@ExtendWith({PlatformExtension.class, FakeStripe.Resolver.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopUpFlowIT {

    private final Platform platform;
    private final FakeStripe stripe;
    private final ApiClient api;
    private final Fixtures fixtures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TopUpFlowIT(Platform platform, FakeStripe stripe) {
        this.platform = platform;
        this.stripe = stripe;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @Test
    void aTopUpIsCreditedOnceThroughTheGatewayAndThenRefunded() throws Exception {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);

        var created = api.post("/v1/billing/top-ups", company.ownerToken(), Map.of("amount", new BigDecimal("20.00")));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("status").asString()).isEqualTo("PENDING");
        var topUpId = created.body().get("id").asString();
        var session = stripe.session(topUpId);
        assertThat(created.body().get("checkout_url").asString()).isEqualTo(session.url());
        assertThat(session.form())
                .containsEntry("mode", "payment")
                .containsEntry("metadata[top_up_id]", topUpId)
                .containsEntry("metadata[company_id]", company.id())
                .containsEntry("line_items[0][price_data][unit_amount]", "2000");
        var paymentIntent = "pi_" + UUID.randomUUID().toString().replace("-", "");

        var completed = FakeStripe.paidEvent(session, paymentIntent);
        assertThat(stripe.deliver(completed, "t=1,v1=forged")).isEqualTo(400);
        assertThat(balance(company)).isEqualByComparingTo("0");

        assertThat(stripe.deliver(completed, FakeStripe.sign(completed))).isEqualTo(200);
        assertThat(stripe.deliver(completed, FakeStripe.sign(completed)))
                .as("a replay")
                .isEqualTo(200);

        assertThat(balance(company)).isEqualByComparingTo("20");
        var topUps = api.get("/v1/billing/top-ups", company.ownerToken());
        assertThat(topUps.body().get("data").get(0).get("status").asString()).isEqualTo("PAID");
        var credits = api.get("/v1/billing/transactions?type=TOP_UP", company.ownerToken());
        assertThat(amounts(credits.body())).containsExactly(new BigDecimal("20"));

        var refunded = FakeStripe.event("charge.refunded", """
                {"id": "ch_e2e", "object": "charge", "amount": 2000, "amount_refunded": 2000, "currency": "usd",
                 "payment_intent": "%s", "refunded": true}""".formatted(paymentIntent));
        assertThat(stripe.deliver(refunded, FakeStripe.sign(refunded))).isEqualTo(200);

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
}
