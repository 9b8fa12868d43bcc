package dev.aggregator.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.common.events.DomainEvent;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context of the suite: the whole service on a random port against the real
 * PostgreSQL (schema {@code analytics_it}) and RabbitMQ (exchange {@code it.analytics-service}).
 * Tests stay independent by using fresh company ids instead of cleaning tables.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
public abstract class AnalyticsIntegrationTest {

    /** Generous: only a broken consumer waits this long. */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(20);

    @Autowired
    protected RestTestClient http;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    private InternalTokens tokens;

    @Autowired
    private RabbitTemplate rabbit;

    @Autowired
    private EventsProperties events;

    @Autowired
    private EventQueues eventQueues;

    // --- callers ---

    protected static Identity owner(UUID companyId) {
        return memberWithRole(companyId, Identity.OWNER);
    }

    protected static Identity admin(UUID companyId) {
        return memberWithRole(companyId, Identity.ADMIN);
    }

    protected static Identity member(UUID companyId) {
        return memberWithRole(companyId, Identity.MEMBER);
    }

    protected static Identity platformAdmin() {
        return memberWithRole(UUID.randomUUID(), Identity.PLATFORM_ADMIN);
    }

    protected static Identity apiKey(UUID companyId, String... scopes) {
        return Identity.apiKey(companyId, UUID.randomUUID(), Set.of(scopes));
    }

    private static Identity memberWithRole(UUID companyId, String role) {
        var userId = UUID.randomUUID();
        return Identity.member(companyId, userId, userId + "@example.test", Set.of(role));
    }

    // --- HTTP ---

    protected RestTestClient.ResponseSpec get(Identity caller, String uri, Object... uriVariables) {
        return http.get()
                .uri(uri, uriVariables)
                .header(InternalTokens.HEADER, tokens.mint(caller))
                .exchange();
    }

    /** The body of a 200 answer, numbers read exactly. */
    protected JsonNode getOk(Identity caller, String uri, Object... uriVariables) {
        String body = get(caller, uri, uriVariables)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return json.readTree(body);
    }

    /** The page's {@code next_cursor}, which must be present: {@code null} on the last page. */
    protected static String nextCursor(JsonNode page) {
        assertThat(page.has("next_cursor")).as("next_cursor is always present").isTrue();
        return page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
    }

    /** Asserts a 400 problem naming {@code field} in its {@code errors}. */
    protected void assertBadRequest(String field, Identity caller, String uri, Object... uriVariables) {
        String body = get(caller, uri, uriVariables)
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(json.readTree(body).path("errors").findValuesAsString("field"))
                .contains(field);
    }

    // --- events ---

    /** Publishes as producers do: JSON through the exchange, routed by the event's type. */
    protected void publish(DomainEvent event) {
        rabbit.convertAndSend(events.exchange(), event.type(), event);
    }

    /**
     * Publishes over one channel, so the broker keeps the order; with one consumer per queue, once
     * the last event is stored every earlier one has been handled.
     */
    protected void publishInOrder(DomainEvent... published) {
        rabbit.invoke(operations -> {
            for (var event : published) operations.convertAndSend(events.exchange(), event.type(), event);
            return null;
        });
    }

    /** Publishes the events and waits until the consumer has stored every one of them. */
    protected void publishAndAwait(String table, List<? extends DomainEvent> published) {
        published.forEach(this::publish);
        awaitStored(table, published.stream().map(DomainEvent::eventId).toList());
    }

    /** Publishes usage events and waits until the request log has a row for each of their requests. */
    protected void publishUsageAndAwait(List<UsageRecorded> published) {
        published.forEach(this::publish);
        awaitRequestsStored(
                published.stream().map(UsageRecorded::usageId).distinct().toList());
    }

    /** Waits until the request log has a row for each of these usage ids. */
    protected void awaitRequestsStored(List<UUID> usageIds) {
        await().atMost(DELIVERY_BOUND).until(() -> countRequests(usageIds) == usageIds.size());
    }

    protected long countRequests(List<UUID> usageIds) {
        return jdbc.sql("SELECT count(*) FROM request_log WHERE usage_id IN (:ids)")
                .param("ids", usageIds)
                .query(Long.class)
                .single();
    }

    /** Several usage events in one message, as the proxy publishes a group commit. */
    protected void publishArray(List<UsageRecorded> published) {
        var properties = new org.springframework.amqp.core.MessageProperties();
        properties.setContentType(org.springframework.amqp.core.MessageProperties.CONTENT_TYPE_JSON);
        rabbit.send(events.exchange(), UsageRecorded.TYPE, new Message(json.writeValueAsBytes(published), properties));
    }

    /** Waits until the event reaches the consumer's dead-letter queue, draining what came before it. */
    protected void awaitDeadLettered(String consumer, UUID eventId) {
        String deadLetterQueue = eventQueues.durableName(consumer) + ".dlq";
        await().atMost(DELIVERY_BOUND).until(() -> {
            Message message = rabbit.receive(deadLetterQueue);
            return message != null
                    && eventId.toString()
                            .equals(json.readTree(message.getBody())
                                    .path("event_id")
                                    .asString());
        });
    }

    protected void awaitStored(String table, List<UUID> eventIds) {
        await().atMost(DELIVERY_BOUND).until(() -> countRows(table, eventIds) == eventIds.size());
    }

    protected long countRows(String table, List<UUID> eventIds) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE id IN (:ids)")
                .param("ids", eventIds)
                .query(Long.class)
                .single();
    }
}
