package dev.aggregator.billing.topups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.billing.FakeStripe;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Top-ups against the suite's fake Stripe API over real HTTP ({@code stripe}), and webhooks
 * signed the way Stripe signs them. Every test uses fresh company ids.
 */
class TopUpApiTests extends BillingIntegrationTest {

    @LocalServerPort
    int localPort;

    @Autowired
    OutboxRelay relay;

    /** What a webhook delivery got back. */
    record Delivery(int status, String body) {}

    private Delivery deliver(String payload, String signature) {
        var request = RestClient.create("http://127.0.0.1:" + localPort)
                .post()
                .uri("/v1/billing/webhooks/stripe")
                .contentType(MediaType.APPLICATION_JSON)
                .body(payload);
        if (signature != null) request.header("Stripe-Signature", signature);
        return request.exchange((req, res) -> new Delivery(
                res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
    }

    private Delivery deliverSigned(String payload) {
        return deliver(payload, FakeStripe.sign(payload));
    }

    private Response topUp(UUID company, String amount) {
        var created = post("/v1/billing/top-ups", owner(company), "{\"amount\": " + amount + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private String sessionOf(Response created) {
        return jdbc.sql("SELECT checkout_session_id FROM top_up WHERE id = ?")
                .param(UUID.fromString(created.text("id")))
                .query(String.class)
                .single();
    }

    private static String event(String type, String object) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "2019-02-19", "created": %d,
                 "data": {"object": %s}, "livemode": false, "pending_webhooks": 1,
                 "request": {"id": null, "idempotency_key": null}, "type": "%s"}""".formatted(
                        UUID.randomUUID().toString().replace("-", ""), System.currentTimeMillis() / 1000, object, type);
    }

    private static String session(String topUpId, String sessionId, long amountTotal, String paymentStatus, String pi) {
        return """
                {"id": "%s", "object": "checkout.session", "amount_total": %d, "currency": "usd",
                 "client_reference_id": "%s", "metadata": {"top_up_id": "%s"}, "mode": "payment",
                 "payment_intent": %s, "payment_status": "%s", "status": "complete"}""".formatted(
                sessionId, amountTotal, topUpId, topUpId, pi == null ? "null" : "\"" + pi + "\"", paymentStatus);
    }

    private String completed(Response created, long amountTotalCents, String paymentIntent) {
        return event(
                "checkout.session.completed",
                session(created.text("id"), sessionOf(created), amountTotalCents, "paid", paymentIntent));
    }

    private static String refunded(String paymentIntent, long amount, long amountRefunded) {
        return event("charge.refunded", """
                {"id": "ch_%s", "object": "charge", "amount": %d, "amount_refunded": %d, "currency": "usd",
                 "payment_intent": "%s", "refunded": %s, "status": "succeeded"}""".formatted(
                        UUID.randomUUID().toString().replace("-", ""),
                        amount,
                        amountRefunded,
                        paymentIntent,
                        amount == amountRefunded));
    }

    private String statusOf(Response created) {
        return jdbc.sql("SELECT status FROM top_up WHERE id = ?")
                .param(UUID.fromString(created.text("id")))
                .query(String.class)
                .single();
    }

    private List<String> ledgerTypes(UUID company) {
        return jdbc.sql("SELECT type FROM ledger_entry WHERE company_id = ? ORDER BY seq")
                .param(company)
                .query(String.class)
                .list();
    }

    private static String pi() {
        return "pi_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void creatingATopUpOpensAStripeCheckoutSessionInPaymentMode() {
        var company = UUID.randomUUID();

        var created = topUp(company, "10.50");

        assertThat(created.decimal("amount")).isEqualByComparingTo("10.5");
        assertThat(created.text("status")).isEqualTo("PENDING");
        assertThat(created.text("checkout_url")).startsWith("https://checkout.stripe.com/c/pay/cs_test_");
        assertThat(created.text("created_at")).endsWith("Z");
        var id = created.text("id");
        var sent = stripe.sessionRequestFor(id);
        assertThat(sent.authorization()).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
        assertThat(sent.form())
                .containsEntry("mode", "payment")
                .containsEntry("client_reference_id", id)
                .containsEntry("metadata[top_up_id]", id)
                .containsEntry("metadata[company_id]", company.toString())
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("line_items[0][price_data][currency]", "usd")
                .containsEntry("line_items[0][price_data][unit_amount]", "1050")
                .containsEntry("success_url", "https://aggregator.example/billing/top-ups/" + id + "?checkout=success")
                .containsEntry("cancel_url", "https://aggregator.example/billing/top-ups/" + id + "?checkout=canceled");
        assertThat(statusOf(created)).isEqualTo("PENDING");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
    }

    private long topUpsOf(UUID company) {
        return jdbc.sql("SELECT count(*) FROM top_up WHERE company_id = ?")
                .param(company)
                .query(Long.class)
                .single();
    }

    @Test
    void aRetryUnderTheSameIdempotencyKeyGetsTheSameTopUpAndCheckoutSession() {
        var company = UUID.randomUUID();

        var first = post("/v1/billing/top-ups", owner(company), "{\"amount\": 25}", "top-up-form-1");
        var retry = post("/v1/billing/top-ups", owner(company), "{\"amount\": 25.00}", "top-up-form-1");
        var reused = post("/v1/billing/top-ups", owner(company), "{\"amount\": 30}", "top-up-form-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text("id")).isEqualTo(first.text("id"));
        assertThat(retry.text("checkout_url")).isEqualTo(first.text("checkout_url"));
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(topUpsOf(company)).isEqualTo(1);
        assertThat(post("/v1/billing/top-ups", owner(company), "{\"amount\": 25}", "top-up-form-2")
                        .text("id"))
                .isNotEqualTo(first.text("id"));
    }

    @Test
    void concurrentSubmissionsUnderOneKeyOpenOneCheckoutSession() throws Exception {
        var company = UUID.randomUUID();
        int submissions = 6;
        var barrier = new CyclicBarrier(submissions);
        var results = new ArrayList<Future<Response>>();
        try (var pool = Executors.newFixedThreadPool(submissions)) {
            for (int i = 0; i < submissions; i++) {
                results.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return post("/v1/billing/top-ups", owner(company), "{\"amount\": 50}", "double-click");
                }));
            }
            var ids = new HashSet<String>();
            for (var result : results) {
                var response = result.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isEqualTo(201);
                ids.add(response.text("id"));
            }
            assertThat(ids).hasSize(1);
        }
        assertThat(topUpsOf(company)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.99", "10000.01", "5.001", "0", "-10", "null", "\"ten\""})
    void amountsOutsideFiveToTenThousandWithCentsAreRefused(String amount) {
        var before = stripe.received().size();

        var refused = post("/v1/billing/top-ups", owner(UUID.randomUUID()), "{\"amount\": " + amount + "}");

        assertThat(refused.status()).isEqualTo(400);
        if (!amount.startsWith("\"")) {
            assertThat(refused.body().get("errors").findValuesAsString("field")).contains("amount");
        }
        assertThat(stripe.received()).hasSize(before);
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertThat(topUp(UUID.randomUUID(), "5").decimal("amount")).isEqualByComparingTo("5");
        assertThat(topUp(UUID.randomUUID(), "10000.00").decimal("amount")).isEqualByComparingTo("10000");
    }

    @Test
    void membersAndApiKeysCannotTopUp() {
        var company = UUID.randomUUID();
        var member = Identity.member(company, UUID.randomUUID(), "m@x.test", Set.of(Identity.MEMBER));
        var key = Identity.apiKey(company, UUID.randomUUID(), Set.of("billing:read"));

        assertThat(post("/v1/billing/top-ups", member, "{\"amount\": 10}").status())
                .isEqualTo(403);
        assertThat(post("/v1/billing/top-ups", key, "{\"amount\": 10}").status())
                .isEqualTo(403);
        var admin = Identity.member(company, UUID.randomUUID(), "a@x.test", Set.of(Identity.ADMIN));
        assertThat(post("/v1/billing/top-ups", admin, "{\"amount\": 10}").status())
                .isEqualTo(201);
        // Members still read the list.
        assertThat(get("/v1/billing/top-ups", member).body().get("data")).hasSize(1);
    }

    @Test
    void stripeFailingIsABadGatewayAndRecordsNothing() {
        var company = UUID.randomUUID();
        stripe.failWith(500);
        try {
            var failed = post("/v1/billing/top-ups", owner(company), "{\"amount\": 10}");

            assertThat(failed.status()).isEqualTo(502);
            assertThat(failed.text("type")).endsWith("payment-provider-error");
        } finally {
            stripe.failWith(0);
        }
        assertThat(get("/v1/billing/top-ups", owner(company)).body().get("data"))
                .isEmpty();
    }

    @Test
    void aPaidSessionCreditsTheTopUpOnceAndRecordsThePaymentIntent() {
        var company = UUID.randomUUID();
        var created = topUp(company, "25");
        var paymentIntent = pi();

        var delivered = deliverSigned(completed(created, 2500, paymentIntent));

        assertThat(delivered.status()).isEqualTo(200);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("25");
        var entry = get("/v1/billing/transactions", owner(company))
                .body()
                .get("data")
                .get(0);
        assertThat(entry.get("type").asString()).isEqualTo("TOP_UP");
        assertThat(entry.get("amount").decimalValue()).isEqualByComparingTo("25");
        assertThat(entry.get("description").asString()).contains(created.text("id"));
        var listed =
                get("/v1/billing/top-ups", owner(company)).body().get("data").get(0);
        assertThat(listed.get("status").asString()).isEqualTo("PAID");
        assertThat(listed.get("paid_at").asString()).endsWith("Z");
        assertThat(jdbc.sql("SELECT payment_intent_id FROM top_up WHERE id = ?")
                        .param(UUID.fromString(created.text("id")))
                        .query(String.class)
                        .single())
                .isEqualTo(paymentIntent);
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aReplayedEventCreditsNothingMore() {
        var company = UUID.randomUUID();
        var created = topUp(company, "12.34");
        var payload = completed(created, 1234, pi());

        assertThat(deliverSigned(payload).status()).isEqualTo(200);
        assertThat(deliverSigned(payload).status()).isEqualTo(200);
        // Stripe also sends a second event (another id) for the same session on some retries.
        assertThat(deliverSigned(event(
                                "checkout.session.async_payment_succeeded",
                                session(created.text("id"), sessionOf(created), 1234, "paid", pi())))
                        .status())
                .isEqualTo(200);

        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("12.34");
        assertThat(ledgerTypes(company)).containsExactly("TOP_UP");
    }

    @Test
    void concurrentDuplicateDeliveriesCreditOnce() throws Exception {
        var company = UUID.randomUUID();
        var created = topUp(company, "40");
        var payload = completed(created, 4000, pi());
        int deliveries = 8;
        var barrier = new CyclicBarrier(deliveries);
        var results = new ArrayList<Future<Delivery>>();
        try (var pool = Executors.newFixedThreadPool(deliveries)) {
            for (int i = 0; i < deliveries; i++) {
                results.add(pool.submit(() -> {
                    var signature = FakeStripe.sign(payload);
                    barrier.await(10, TimeUnit.SECONDS);
                    return deliver(payload, signature);
                }));
            }
            for (var result : results)
                assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("40");
        assertThat(ledgerTypes(company)).containsExactly("TOP_UP");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void missingBadOrStaleSignaturesAreRefusedAndChangeNothing() {
        var company = UUID.randomUUID();
        var created = topUp(company, "30");
        var payload = completed(created, 3000, pi());
        long now = System.currentTimeMillis() / 1000;

        var missing = deliver(payload, null);
        var garbage = deliver(payload, "not-a-signature");
        var wrongSecret = deliver(payload, FakeStripe.sign(payload, now, "whsec_someone_else"));
        var tampered = deliver(payload.replace("3000", "300000"), FakeStripe.sign(payload));
        var stale = deliver(payload, FakeStripe.sign(payload, now - 6 * 60, FakeStripe.WEBHOOK_SECRET));

        for (var refused : List.of(missing, garbage, wrongSecret, tampered, stale)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid-webhook-signature").doesNotContain(FakeStripe.WEBHOOK_SECRET);
        }
        assertThat(statusOf(created)).isEqualTo("PENDING");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
        // A signature just inside the 5 minutes still verifies.
        assertThat(deliver(payload, FakeStripe.sign(payload, now - 4 * 60, FakeStripe.WEBHOOK_SECRET))
                        .status())
                .isEqualTo(200);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("30");
    }

    @Test
    void aPaymentOfAnotherAmountIsAuditedAndNotCredited() {
        var company = UUID.randomUUID();
        var created = topUp(company, "50");
        String payload;
        relay.stop(); // it deletes the rows it published: paused, so that the audit row can be read
        try {
            var delivered = deliverSigned(completed(created, 500, pi()));
            assertThat(delivered.status()).isEqualTo(200);
            assertThat(deliverSigned(completed(created, 500, pi())).status()).isEqualTo(200);
            payload =
                    jdbc.sql("""
                            SELECT payload::text FROM outbox_event
                            WHERE event_type = 'audit.recorded' AND payload ->> 'company_id' = ?
                              AND payload ->> 'action' = 'billing.top_up.amount_mismatch'""").param(company.toString()).query(String.class).single();
        } finally {
            relay.start();
        }
        var audit = json.readTree(payload);
        assertThat(audit.get("target").asString()).isEqualTo("top_up:" + created.text("id"));
        assertThat(audit.get("actor").asString()).isEqualTo("service:stripe");
        assertThat(audit.get("details").get("expected_amount").asString()).isEqualTo("50");
        assertThat(audit.get("details").get("amount_total_cents").asString()).isEqualTo("500");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
        assertThat(statusOf(created)).isEqualTo("PENDING");
        assertThat(ledgerTypes(company)).isEmpty();
    }

    @Test
    void anUnpaidCompletedSessionWaitsForTheAsyncPayment() {
        var company = UUID.randomUUID();
        var created = topUp(company, "15");
        var session = sessionOf(created);

        deliverSigned(event("checkout.session.completed", session(created.text("id"), session, 1500, "unpaid", null)));
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");

        deliverSigned(event(
                "checkout.session.async_payment_succeeded", session(created.text("id"), session, 1500, "paid", pi())));
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("15");
        assertThat(statusOf(created)).isEqualTo("PAID");
    }

    @Test
    void anExpiredSessionMarksTheTopUpExpired() {
        var company = UUID.randomUUID();
        var created = topUp(company, "20");

        var delivered = deliverSigned(event(
                "checkout.session.expired", session(created.text("id"), sessionOf(created), 2000, "unpaid", null)));

        assertThat(delivered.status()).isEqualTo(200);
        assertThat(get("/v1/billing/top-ups", owner(company))
                        .body()
                        .get("data")
                        .get(0)
                        .get("status")
                        .asString())
                .isEqualTo("EXPIRED");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
    }

    @Test
    void partialThenFullRefundsPostTheNewlyRefundedAmountOnce() {
        var company = UUID.randomUUID();
        var created = topUp(company, "20");
        var paymentIntent = pi();
        deliverSigned(completed(created, 2000, paymentIntent));

        assertThat(deliverSigned(refunded(paymentIntent, 2000, 500)).status()).isEqualTo(200);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("15");
        assertThat(statusOf(created)).isEqualTo("PAID");

        var partialReplay = refunded(paymentIntent, 2000, 500);
        deliverSigned(partialReplay);
        deliverSigned(partialReplay);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("15");

        deliverSigned(refunded(paymentIntent, 2000, 2000));
        deliverSigned(refunded(paymentIntent, 2000, 2000));

        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
        assertThat(statusOf(created)).isEqualTo("REFUNDED");
        var refunds = get("/v1/billing/transactions?type=REFUND", owner(company))
                .body()
                .get("data");
        assertThat(refunds).hasSize(2);
        assertThat(refunds.get(0).get("amount").decimalValue()).isEqualByComparingTo("-15");
        assertThat(refunds.get(1).get("amount").decimalValue()).isEqualByComparingTo("-5");
        var listed =
                get("/v1/billing/top-ups", owner(company)).body().get("data").get(0);
        assertThat(listed.get("refunded_amount").decimalValue()).isEqualByComparingTo("20");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aRefundOfMoneyAlreadySpentTakesTheBalanceBelowZero() {
        var company = UUID.randomUUID();
        var created = topUp(company, "10");
        var paymentIntent = pi();
        deliverSigned(completed(created, 1000, paymentIntent));
        var spent = post("/v1/billing/balance", platformAdmin(), """
                {"amount": 8, "operation": "DEBIT", "company_id": "%s"}""".formatted(company));
        assertThat(spent.status()).isEqualTo(200);

        deliverSigned(refunded(paymentIntent, 1000, 1000));

        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("-8");
        assertThat(balance.decimal("available")).isEqualByComparingTo("-8");
        assertThat(grantLease(company, "0.01", "1").status())
                .as("nothing more is admitted until the company tops up")
                .isEqualTo(402);
        assertLedgerMatchesAccount(company);
    }

    @Test
    void refundsOfUnknownPaymentsAndUnknownEventTypesAreAcknowledgedAndIgnored() {
        var unknownRefund = deliverSigned(refunded(pi(), 1000, 1000));
        var unknownType = deliverSigned(event("customer.created", "{\"id\": \"cus_123\", \"object\": \"customer\"}"));
        var foreignSession = deliverSigned(
                event("checkout.session.completed", session("not-ours", "cs_test_other", 1000, "paid", pi())));

        assertThat(unknownRefund.status()).isEqualTo(200);
        assertThat(unknownType.status()).isEqualTo(200);
        assertThat(unknownType.body()).contains("customer.created");
        assertThat(foreignSession.status()).isEqualTo(200);
    }

    @Test
    void eventsOfAnyApiVersionAreProcessed() {
        var company = UUID.randomUUID();
        var created = topUp(company, "7");
        var payload = completed(created, 700, pi()).replace("2019-02-19", "2099-12-31.future");

        assertThat(deliverSigned(payload).status()).isEqualTo(200);

        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("7");
    }

    @Test
    void aCompanySeesOnlyItsOwnTopUps() {
        var mine = UUID.randomUUID();
        var theirs = UUID.randomUUID();
        topUp(mine, "5");
        topUp(theirs, "6");

        var own = get("/v1/billing/top-ups", owner(mine));
        var other = get("/v1/billing/top-ups?company_id=" + theirs, owner(mine));

        assertThat(own.body().get("data")).hasSize(1);
        assertThat(own.body().get("data").get(0).get("amount").decimalValue()).isEqualByComparingTo("5");
        assertThat(other.status()).isEqualTo(404);
    }

    @Test
    void listsNewestFirstInPagesWithCursors() {
        var company = UUID.randomUUID();
        for (int i = 5; i <= 9; i++) topUp(company, String.valueOf(i));

        var seen = new ArrayList<BigDecimal>();
        String cursor = null;
        do {
            var page = get("/v1/billing/top-ups?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), owner(company));
            page.body().get("data").forEach(t -> seen.add(t.get("amount").decimalValue()));
            var next = page.body().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);

        assertThat(seen).extracting(BigDecimal::intValue).containsExactly(9, 8, 7, 6, 5);
        assertThat(get("/v1/billing/top-ups?limit=0", owner(company)).status()).isEqualTo(400);
    }
}
