package dev.aggregator.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A usage event billing refused goes to the dead-letter queue; once the cause is fixed, the
 * platform admin replays it through {@code POST /v1/billing/admin/dead-letters/billing.usage/replay}
 * and it is settled exactly once, however often it is replayed or duplicated.
 */
class DeadLetterReplayTests extends BillingIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String CONSUMER = "billing.usage";
    private static final String PATH = "/v1/billing/admin/dead-letters";

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    EventQueues queues;

    @Test
    void aRefusedUsageEventReplayedAfterTheFixIsSettledExactlyOnceHoweverOftenItIsReplayed() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var usageId = UUID.randomUUID();
        // A usage id already charged to another company (a bad row): billing refuses the event.
        jdbc.sql("INSERT INTO usage_charge (usage_id, company_id) VALUES (?, ?)")
                .params(usageId, UUID.randomUUID())
                .update();
        var event = usage(company, usageId, null, "0.5", false);
        rabbit.convertAndSend(events.exchange(), UsageRecorded.TYPE, event);

        var deadLettered = awaitDeadLettered(event.eventId());
        assertThat(usageCharges(company)).isEmpty();

        // The operator removes the bad row and replays.
        jdbc.sql("DELETE FROM usage_charge WHERE usage_id = ?").param(usageId).update();
        var replay = post(PATH + "/" + CONSUMER + "/replay", platformAdmin(), null);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.text("consumer")).isEqualTo(CONSUMER);
        assertThat(replay.body().get("replayed").asInt()).isGreaterThanOrEqualTo(1);

        await().atMost(DELIVERY)
                .untilAsserted(() -> assertThat(usageCharges(company)).hasSize(1));
        assertThat(usageCharges(company).getFirst()).isEqualByComparingTo("-0.5");

        // Replayed again and dead-lettered twice more (a crash between publish and ack, a duplicate):
        // still charged once. A second request of the same company, replayed after the duplicates,
        // shows when the consumer has read past them.
        assertThat(post(PATH + "/" + CONSUMER + "/replay", platformAdmin(), null)
                        .status())
                .isEqualTo(200);
        deadLetter(deadLettered);
        deadLetter(deadLettered);
        var later = usage(company, UUID.randomUUID(), null, "0.25", false);
        deadLetter(rabbit.getMessageConverter().toMessage(later, new MessageProperties()));
        assertThat(post(PATH + "/" + CONSUMER + "/replay", platformAdmin(), null)
                        .status())
                .isEqualTo(200);

        await().atMost(DELIVERY)
                .untilAsserted(() -> assertThat(usageCharges(company)).hasSize(2));
        assertThat(usageCharges(company)).map(BigDecimal::toPlainString).containsExactly("-0.50000000", "-0.25000000");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("9.25");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void theDeadLetterQueuesAreListedWithTheirDepth() {
        var list = get(PATH, platformAdmin());

        assertThat(list.status()).isEqualTo(200);
        var data = list.body().get("data");
        assertThat(data.findValuesAsString("consumer")).containsExactlyInAnyOrder("billing.usage", "billing.company");
        var usage = data.get(data.findValuesAsString("consumer").indexOf(CONSUMER));
        assertThat(usage.get("dead_letter_queue").asString()).isEqualTo(queues.deadLetterName(CONSUMER));
        assertThat(usage.get("messages").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void onlyThePlatformAdminSeesOrReplaysDeadLettersAndOnlyThisServicesQueues() {
        var owner = owner(UUID.randomUUID());

        assertThat(get(PATH, owner).status()).isEqualTo(403);
        assertThat(post(PATH + "/" + CONSUMER + "/replay", owner, null).status())
                .isEqualTo(403);
        assertThat(post(PATH + "/analytics.usage/replay", platformAdmin(), null).status())
                .isEqualTo(404);
        assertThat(post(PATH + "/" + CONSUMER + "/replay?limit=0", platformAdmin(), null)
                        .status())
                .isEqualTo(400);
    }

    /** Waits for the event in the dead-letter queue, takes it out and returns it. */
    private Message awaitDeadLettered(UUID eventId) {
        var found = new Message[1];
        await().atMost(DELIVERY).until(() -> {
            var message = rabbit.receive(queues.deadLetterName(CONSUMER), 500);
            if (message == null) return false;
            if (json.readTree(message.getBody()).get("event_id").asString().equals(eventId.toString())) {
                found[0] = message;
                return true;
            }
            deadLetter(message); // another test's: put it back
            return false;
        });
        deadLetter(found[0]);
        return found[0];
    }

    /** Dead-letters a message the way the consumer does. */
    private void deadLetter(Message message) {
        rabbit.send(events.deadLetterExchange(), queues.durableName(CONSUMER), message);
    }

    private List<BigDecimal> usageCharges(UUID company) {
        return jdbc.sql("SELECT amount FROM ledger_entry WHERE company_id = ? AND type = 'USAGE' ORDER BY seq")
                .param(company)
                .query(BigDecimal.class)
                .list();
    }
}
