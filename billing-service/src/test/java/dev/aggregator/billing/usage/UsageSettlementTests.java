package dev.aggregator.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.billing.reservations.ReservationExpiryJob;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.OutboxWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Real events over the real broker, into the real listener. */
class UsageSettlementTests extends BillingIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ReservationExpiryJob expiryJob;

    static UsageRecorded usage(UUID company, UUID reservationId, String status, String cost) {
        return new UsageRecorded(
                UUID.randomUUID(),
                Instant.now(),
                "req_" + UUID.randomUUID().toString().replace("-", ""),
                company,
                UUID.randomUUID(),
                null,
                "/v1/chat/completions",
                "gpt-4o-mini",
                UUID.randomUUID(),
                "mock",
                "mock-gpt-4o-mini",
                false,
                status,
                UsageRecorded.SUCCESS.equals(status) ? 200 : 502,
                UsageRecorded.SUCCESS.equals(status) ? null : "upstream_error",
                1000,
                500,
                new BigDecimal("0.15"),
                new BigDecimal("0.60"),
                new BigDecimal(cost),
                reservationId,
                120,
                null);
    }

    private UUID reserve(UUID company, String amount) {
        var response =
                post("/internal/reservations", proxyService(), """
                {"request_id": "req_%s", "company_id": "%s", "amount": %s}""".formatted(UUID.randomUUID(), company, amount));
        assertThat(response.status()).isEqualTo(201);
        return UUID.fromString(response.text("reservation_id"));
    }

    private void publish(UsageRecorded event) {
        rabbit.convertAndSend(events.exchange(), UsageRecorded.TYPE, event);
    }

    private void awaitBalance(UUID company, String balance, String reserved) {
        await().atMost(DELIVERY).untilAsserted(() -> {
            var current = balanceOf(company);
            assertThat(current.decimal("balance")).isEqualByComparingTo(balance);
            assertThat(current.decimal("reserved")).isEqualByComparingTo(reserved);
        });
    }

    private long usageEntries(UUID company) {
        return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE company_id = ? AND type = 'USAGE'")
                .param(company)
                .query(Long.class)
                .single();
    }

    @Test
    void settlesTheReservationToTheExactCostThroughTheOutboxAndBroker() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var reservation = reserve(company, "1");
        var event = usage(company, reservation, UsageRecorded.SUCCESS, "0.00045");

        transactions.executeWithoutResult(status -> outbox.append(event));

        awaitBalance(company, "9.99955", "0");
        var entry = get("/v1/billing/transactions?type=USAGE", owner(company))
                .body()
                .get("data")
                .get(0);
        assertThat(entry.get("amount").decimalValue()).isEqualByComparingTo("-0.00045");
        assertThat(entry.get("balance_after").decimalValue()).isEqualByComparingTo("9.99955");
        assertThat(entry.get("request_id").asString()).isEqualTo(event.requestId());
        assertThat(entry.get("description").asString())
                .isEqualTo("gpt-4o-mini via mock: 1000 prompt + 500 completion tokens");
        assertThat(jdbc.sql("SELECT status FROM reservation WHERE id = ?")
                        .param(reservation)
                        .query(String.class)
                        .single())
                .isEqualTo("SETTLED");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void theSameEventDeliveredTwiceIsChargedOnce() {
        var company = UUID.randomUUID();
        credit(company, "5");
        var event = usage(company, reserve(company, "1"), UsageRecorded.SUCCESS, "0.25");
        var later = usage(company, null, UsageRecorded.SUCCESS, "0.5");

        publish(event);
        publish(event);
        // One consumer takes the queue in order: once the later event is settled, both copies were seen.
        publish(later);

        awaitBalance(company, "4.25", "0");
        assertThat(usageEntries(company)).isEqualTo(2);
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aCostAboveTheReservationIsChargedInFull() {
        var company = UUID.randomUUID();
        credit(company, "1");
        var reservation = reserve(company, "1");

        publish(usage(company, reservation, UsageRecorded.SUCCESS, "1.2"));

        // The prompt estimate was low: the balance goes slightly negative, and nothing more can be reserved.
        awaitBalance(company, "-0.2", "0");
        var refused = post("/internal/reservations", proxyService(), """
                {"request_id": "req_%s", "company_id": "%s", "amount": 0.01}""".formatted(UUID.randomUUID(), company));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("available")).isEqualByComparingTo("-0.2");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aFailedRequestReleasesItsReservationWithoutACharge() {
        var company = UUID.randomUUID();
        credit(company, "3");
        var reservation = reserve(company, "2");

        publish(usage(company, reservation, UsageRecorded.ERROR, "0"));

        awaitBalance(company, "3", "0");
        assertThat(usageEntries(company)).isZero();
        assertThat(jdbc.sql("SELECT status FROM reservation WHERE id = ?")
                        .param(reservation)
                        .query(String.class)
                        .single())
                .isEqualTo("RELEASED");
    }

    @Test
    void aReservationThatExpiredBeforeSettlementIsNotReleasedTwice() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var reservation = reserve(company, "2");
        jdbc.sql("UPDATE reservation SET expires_at = now() - interval '1 minute' WHERE id = ?")
                .param(reservation)
                .update();
        expiryJob.expireOverdue();
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("0");

        publish(usage(company, reservation, UsageRecorded.SUCCESS, "1"));

        awaitBalance(company, "9", "0");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aUsageEventForACompanyWithoutAnAccountOpensOne() {
        var company = UUID.randomUUID();

        publish(usage(company, null, UsageRecorded.SUCCESS, "0.1"));

        awaitBalance(company, "-0.1", "0");
        assertLedgerMatchesAccount(company);
    }
}
