package dev.aggregator.analytics.requests;

import static dev.aggregator.analytics.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.analytics.AnalyticsIntegrationTest;
import dev.aggregator.analytics.config.EventConsumers;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The platform admin's dead-letter endpoints in analytics: its two consumers listed, and a
 * dead-lettered usage event replayed into the request log once, however often it is replayed.
 */
class DeadLetterReplayTests extends AnalyticsIntegrationTest {

    private static final String PATH = "/v1/analytics/admin/dead-letters";

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    EventQueues queues;

    @Autowired
    InternalTokens tokens;

    @Test
    void theAdminSeesBothConsumersDeadLetterQueuesAndNobodyElseDoes() {
        var list = getOk(platformAdmin(), PATH);

        assertThat(list.get("data").findValuesAsString("consumer"))
                .containsExactlyInAnyOrder(EventConsumers.USAGE, EventConsumers.AUDIT);
        assertThat(list.get("data").findValuesAsString("dead_letter_queue"))
                .contains(queues.deadLetterName(EventConsumers.USAGE));
        get(owner(UUID.randomUUID()), PATH).expectStatus().isForbidden();
        replay(owner(UUID.randomUUID()), EventConsumers.USAGE).expectStatus().isForbidden();
        replay(platformAdmin(), "billing.usage").expectStatus().isNotFound();
    }

    @Test
    void aDeadLetteredUsageEventIsReplayedIntoTheRequestLogOnceHoweverOftenItIsReplayed() {
        var company = UUID.randomUUID();
        var event = usage(company).build();
        // Dead-lettered twice, as a replay that crashed between publishing and acknowledging leaves it.
        deadLetter(json.writeValueAsBytes(event));
        deadLetter(json.writeValueAsBytes(event));
        assertThat(countRequests(List.of(event.usageId()))).isZero();

        replay(platformAdmin(), EventConsumers.USAGE).expectStatus().isOk();
        replay(platformAdmin(), EventConsumers.USAGE).expectStatus().isOk();
        // A later event of the same company shows when the consumer has read past the replays.
        var marker = usage(company).build();
        deadLetter(json.writeValueAsBytes(marker));
        replay(platformAdmin(), EventConsumers.USAGE).expectStatus().isOk();

        awaitRequestsStored(List.of(event.usageId(), marker.usageId()));
        assertThat(jdbc.sql("SELECT count(*) FROM request_log WHERE company_id = ?")
                        .param(company)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec replay(
            Identity caller, String consumer) {
        return http.post()
                .uri(PATH + "/{consumer}/replay", consumer)
                .header(InternalTokens.HEADER, tokens.mint(caller))
                .exchange();
    }

    private void deadLetter(byte[] body) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        rabbit.send(
                events.deadLetterExchange(), queues.durableName(EventConsumers.USAGE), new Message(body, properties));
    }
}
