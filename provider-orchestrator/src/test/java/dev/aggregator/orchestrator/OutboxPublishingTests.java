package dev.aggregator.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.aggregator.common.events.EventsProperties;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The outbox rows the API writes do reach the broker, on the test's own exchange. */
class OutboxPublishingTests extends OrchestratorApiTestSupport {

    @Autowired
    AmqpAdmin admin;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Test
    void aCatalogChangeIsPublishedWithTheModelAsPayload() {
        relay.start(); // the support class pauses it for tests that read the outbox
        var exchange = new TopicExchange(events.exchange());
        // Not auto-delete: each receive() below is a consumer of its own, and the queue must outlive it.
        var queue = new Queue("it.provider-orchestrator.test." + UUID.randomUUID(), false, false, false);
        admin.declareExchange(exchange);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("catalog.changed"));
        try {
            String model = unique("vendor/published");
            putModel(model, offering(createProvider(unique("pub")), "1", "1"));

            var event = JsonPath.parse(receiveMentioning(queue.getName(), model));
            assertThat(event.<String>read("$.type")).isEqualTo("catalog.changed");
            assertThat(event.<String>read("$.model")).isEqualTo(model);
            assertThat(event.<String>read("$.event_id")).isNotBlank();
        } finally {
            admin.deleteQueue(queue.getName());
        }
    }

    /** Other tests publish on the same exchange too: skip their events until ours arrives. */
    private String receiveMentioning(String queue, String fragment) {
        while (true) {
            Message message = rabbit.receive(queue, 10_000);
            assertThat(message).as("an event mentioning " + fragment).isNotNull();
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            if (body.contains(fragment)) return body;
        }
    }
}
