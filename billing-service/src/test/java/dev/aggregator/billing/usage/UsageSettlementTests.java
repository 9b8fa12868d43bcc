package dev.aggregator.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.billing.leases.LeaseExpiryJob;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.OutboxWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Settlement of usage events: over the real broker into the batch listener, and batch by batch. */
class UsageSettlementTests extends BillingIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    EventQueues queues;

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    UsageSettlement settlement;

    @Autowired
    LeaseExpiryJob expiryJob;

    private void publish(UsageRecorded event) {
        rabbit.convertAndSend(events.exchange(), UsageRecorded.TYPE, event);
    }

    /** One batch, in one transaction, as the listener applies it. */
    private void settleBatch(UsageRecorded... batch) {
        transactions.executeWithoutResult(status -> settlement.settle(List.of(batch)));
    }

    private void awaitBalance(UUID company, String balance, String reserved) {
        await().atMost(DELIVERY).untilAsserted(() -> {
            var current = balanceOf(company);
            assertThat(current.decimal("balance")).isEqualByComparingTo(balance);
            assertThat(current.decimal("reserved")).isEqualByComparingTo(reserved);
        });
    }

    private void assertBalance(UUID company, String balance, String reserved) {
        var current = balanceOf(company);
        assertThat(current.decimal("balance")).as("balance").isEqualByComparingTo(balance);
        assertThat(current.decimal("reserved")).as("reserved").isEqualByComparingTo(reserved);
        assertLedgerMatchesAccount(company);
    }

    private List<BigDecimal> usageAmounts(UUID company) {
        return jdbc.sql("SELECT amount FROM ledger_entry WHERE company_id = ? AND type = 'USAGE' ORDER BY seq")
                .param(company)
                .query(BigDecimal.class)
                .list();
    }

    private String leaseStatus(UUID lease) {
        return jdbc.sql("SELECT status FROM lease WHERE id = ?")
                .param(lease)
                .query(String.class)
                .single();
    }

    @Test
    void drawsTheChargeFromTheLeaseThroughTheOutboxAndBroker() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "1");
        var event = usage(company, UUID.randomUUID(), lease, "0.00045", false);

        transactions.executeWithoutResult(status -> outbox.append(event));

        awaitBalance(company, "9.99955", "0.99955");
        var entry = get("/v1/billing/transactions?type=USAGE", owner(company))
                .body()
                .get("data")
                .get(0);
        assertThat(entry.get("amount").decimalValue()).isEqualByComparingTo("-0.00045");
        assertThat(entry.get("balance_after").decimalValue()).isEqualByComparingTo("9.99955");
        assertThat(entry.get("request_id").asString()).isEqualTo(event.requestId());
        assertThat(entry.get("description").asString())
                .isEqualTo("gpt-4o-mini via mock: 1000 prompt + 500 completion tokens");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aBurstOfManyEventsSettlesExactlyOnceEach() {
        var companies = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        var leases = new HashMap<UUID, UUID>();
        for (var company : companies) {
            credit(company, "1000");
            leases.put(company, lease(company, "100"));
        }
        var random = new Random(7);
        var charged = new HashMap<UUID, BigDecimal>();
        for (int i = 0; i < 600; i++) {
            var company = companies.get(i % companies.size());
            var cost = BigDecimal.valueOf(1 + random.nextInt(100_000), 8);
            // Every fifth usage has no lease (a free route or late usage): charged to the balance.
            var lease = i % 5 == 0 ? null : leases.get(company);
            var event = usage(company, UUID.randomUUID(), lease, cost.toPlainString(), false);
            publish(event);
            // Every tenth is published again: it must charge nothing more.
            if (i % 10 == 0) publish(event);
            charged.merge(company, cost, BigDecimal::add);
        }

        for (var company : companies) {
            var balance = new BigDecimal("1000").subtract(charged.get(company));
            await().atMost(DELIVERY)
                    .untilAsserted(() ->
                            assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo(balance));
            assertThat(usageAmounts(company)).hasSize(200);
            var settledUnderLease = jdbc.sql("SELECT settled FROM lease WHERE id = ?")
                    .param(leases.get(company))
                    .query(BigDecimal.class)
                    .single();
            assertThat(balanceOf(company).decimal("reserved"))
                    .isEqualByComparingTo(new BigDecimal("100").subtract(settledUnderLease));
            assertLedgerMatchesAccount(company);
        }
    }

    @ParameterizedTest(name = "arrival order {0}")
    @ValueSource(strings = {"1,3,3F", "3F,3,1", "3,1,3F", "1,1,3F,3", "3F,1,3F,1"})
    void cumulativeCheckpointsChargeTheNewestFigureOnceInAnyOrder(String order) {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "5");
        var usageId = UUID.randomUUID();

        for (var step : order.split(",")) {
            boolean last = step.endsWith("F");
            settleBatch(usage(company, usageId, lease, step.replace("F", ""), !last));
        }

        assertBalance(company, "7", "2");
        assertThat(usageAmounts(company).stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("-3");
        assertThat(jdbc.sql("SELECT charged || '/' || final FROM usage_charge WHERE usage_id = ?")
                        .param(usageId)
                        .query(String.class)
                        .single())
                .isEqualTo("3.00000000/true");
    }

    @Test
    void theSameUsageIdTwiceInOneBatchAddsUp() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "5");
        var usageId = UUID.randomUUID();
        var first = usage(company, usageId, lease, "1", true);

        settleBatch(first, usage(company, usageId, lease, "3", false), first);

        assertBalance(company, "7", "2");
        assertThat(usageAmounts(company)).containsExactly(new BigDecimal("-1.00000000"), new BigDecimal("-2.00000000"));
        assertThat(jdbc.sql(
                                "SELECT balance_after FROM ledger_entry WHERE company_id = ? AND type = 'USAGE' ORDER BY seq")
                        .param(company)
                        .query(BigDecimal.class)
                        .list())
                .containsExactly(new BigDecimal("9.00000000"), new BigDecimal("7.00000000"));
    }

    /**
     * A checkpoint prices the prompt by estimate, which errs high; the provider's final count is
     * what the request costs. The final event gives the difference back, to the lease's hold
     * too, and a checkpoint arriving after it changes nothing.
     */
    @Test
    void theFinalEventCorrectsWhatACheckpointOverEstimated() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "5");
        var usageId = UUID.randomUUID();

        settleBatch(usage(company, usageId, lease, "3", true));
        assertBalance(company, "7", "2");
        settleBatch(usage(company, usageId, lease, "2", false));
        settleBatch(usage(company, usageId, lease, "3", true));

        assertBalance(company, "8", "3");
        assertThat(jdbc.sql("SELECT type || ' ' || amount FROM ledger_entry WHERE company_id = ? ORDER BY seq")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("CREDIT 10.00000000", "USAGE -3.00000000", "USAGE 1.00000000");
        assertThat(jdbc.sql("SELECT charged || '/' || final FROM usage_charge WHERE usage_id = ?")
                        .param(usageId)
                        .query(String.class)
                        .single())
                .isEqualTo("2.00000000/true");
        closeLease(lease, "2");
        assertBalance(company, "8", "0");
        assertThat(leaseStatus(lease)).isEqualTo("CLOSED");
    }

    @Test
    void aChargeBeyondTheLeaseIsChargedInFullAndReleasesOnlyWhatItHeld() {
        var company = UUID.randomUUID();
        credit(company, "1");
        var lease = lease(company, "0.5");

        settleBatch(usage(company, UUID.randomUUID(), lease, "1.2", false));

        // The worst case was low: the balance goes below zero, and no new lease is granted.
        assertBalance(company, "-0.2", "0");
        var refused = grantLease(company, "0.01", "1");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("available")).isEqualByComparingTo("-0.2");
    }

    @Test
    void lateUsageAfterCloseOrExpiryIsChargedToTheBalanceWithoutTouchingReserved() {
        var company = UUID.randomUUID();
        credit(company, "20");
        var closed = lease(company, "2");
        var expired = lease(company, "2");
        var open = lease(company, "3");
        closeLease(closed, "0");
        jdbc.sql("UPDATE lease SET expires_at = now() - interval '1 second' WHERE id = ?")
                .param(expired)
                .update();
        expiryJob.expireOverdue();
        assertBalance(company, "20", "3");

        settleBatch(
                usage(company, UUID.randomUUID(), closed, "0.5", false),
                usage(company, UUID.randomUUID(), expired, "0.25", false),
                usage(company, UUID.randomUUID(), null, "0.125", false),
                usage(company, UUID.randomUUID(), UUID.randomUUID(), "0.0625", false));

        assertBalance(company, "19.0625", "3");
        assertThat(jdbc.sql("SELECT settled FROM lease WHERE id IN (?, ?)")
                        .params(closed, expired)
                        .query(BigDecimal.class)
                        .list())
                .allSatisfy(settled -> assertThat(settled).isEqualByComparingTo("0"));
    }

    @Test
    void usageNamingAnotherCompanysLeaseNeverDrawsOnIt() {
        var victim = UUID.randomUUID();
        var payer = UUID.randomUUID();
        credit(victim, "10");
        credit(payer, "10");
        var victimsLease = lease(victim, "4");
        var payersLease = lease(payer, "4");

        // The victim's lease named by the payer alone, and next to the payer's own lease in one batch.
        settleBatch(usage(payer, UUID.randomUUID(), victimsLease, "1", false));
        settleBatch(
                usage(payer, UUID.randomUUID(), victimsLease, "1", false),
                usage(victim, UUID.randomUUID(), victimsLease, "0.5", false),
                usage(payer, UUID.randomUUID(), payersLease, "0.25", false));

        assertBalance(victim, "9.5", "3.5");
        assertBalance(payer, "7.75", "3.75");
    }

    @Test
    void closingLeaseBecomesClosedOnceItsRecordedCostIsSettled() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "4");
        var usageId = UUID.randomUUID();
        settleBatch(usage(company, usageId, lease, "1", true));
        closeLease(lease, "2.5");
        assertBalance(company, "9", "1.5");

        settleBatch(usage(company, usageId, lease, "2", true));
        assertThat(leaseStatus(lease)).isEqualTo("CLOSING");
        settleBatch(usage(company, usageId, lease, "2.5", false));

        assertThat(leaseStatus(lease)).isEqualTo("CLOSED");
        assertBalance(company, "7.5", "0");
    }

    @Test
    void invalidEventsAreDeadLetteredWhileTheRestOfTheBatchSettles() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "5");
        var invalid = List.of(
                usage(null, UUID.randomUUID(), lease, "1", false),
                usage(company, UUID.randomUUID(), lease, null, false),
                usage(company, UUID.randomUUID(), lease, "-1", false),
                usage(company, UUID.randomUUID(), lease, "0.123456789", false));
        var batch = new ArrayList<UsageRecorded>();
        batch.add(usage(company, UUID.randomUUID(), lease, "0.5", false));
        batch.addAll(invalid);
        batch.add(usage(company, UUID.randomUUID(), null, "0.25", false));

        // Each one alone is refused before it changes anything.
        for (var event : invalid) {
            assertThatThrownBy(() -> settleBatch(event)).isInstanceOf(AmqpRejectAndDontRequeueException.class);
        }
        batch.forEach(this::publish);

        awaitBalance(company, "9.25", "4.5");
        var wanted = new HashSet<String>();
        invalid.forEach(event -> wanted.add(event.eventId().toString()));
        var deadLettered = new HashSet<String>();
        var dlq = queues.durableName("billing.usage") + ".dlq";
        await().atMost(DELIVERY).until(() -> {
            var message = rabbit.receive(dlq, 500);
            if (message != null) {
                var eventId = json.readTree(message.getBody()).get("event_id").asString();
                if (wanted.contains(eventId)) deadLettered.add(eventId);
            }
            return deadLettered.equals(wanted);
        });
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aUsageIdAlreadyChargedToAnotherCompanyIsRefused() {
        var first = UUID.randomUUID();
        var usageId = UUID.randomUUID();
        credit(first, "1");
        settleBatch(usage(first, usageId, null, "0.5", true));

        assertThatThrownBy(() -> settleBatch(usage(UUID.randomUUID(), usageId, null, "1", false)))
                .isInstanceOf(AmqpRejectAndDontRequeueException.class);
        assertBalance(first, "0.5", "0");
    }

    @Test
    void theReferrerEarnsCommissionOnlyOnWhatThePayerActuallyPaid() {
        var referrer = UUID.randomUUID();
        var payer = UUID.randomUUID();
        credit(referrer, "1");
        credit(payer, "1");
        jdbc.sql("UPDATE account SET referred_by_company_id = ?, name = 'Payer' WHERE company_id = ?")
                .params(referrer, payer)
                .update();

        // 1.5 charged with 1 in the balance: commission on 1. Then nothing is left to pay from.
        settleBatch(
                usage(payer, UUID.randomUUID(), null, "1.5", false),
                usage(payer, UUID.randomUUID(), null, "0.5", false));
        // A credit brings it back above zero: the next charge is paid again, in part.
        credit(payer, "1.2");
        settleBatch(usage(payer, UUID.randomUUID(), null, "0.4", false));

        assertBalance(payer, "-0.2", "0");
        // 5 % of 1 and 5 % of 0.2 (0.2 of the 0.4 was paid; the balance was 0.2 before it).
        assertBalance(referrer, "1.06", "0");
        assertThat(jdbc.sql(
                                "SELECT usage_cost FROM referral_commission WHERE referred_company_id = ? ORDER BY usage_cost")
                        .param(payer)
                        .query(BigDecimal.class)
                        .list())
                .containsExactly(new BigDecimal("0.20000000"), new BigDecimal("1.00000000"));
    }

    @Test
    void aUsageEventForACompanyWithoutAnAccountOpensOne() {
        var company = UUID.randomUUID();

        publish(usage(company, UUID.randomUUID(), null, "0.1", false));

        awaitBalance(company, "-0.1", "0");
        assertLedgerMatchesAccount(company);
    }
}
