package dev.aggregator.common.events;

import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/** Declares consumer queues the same way in every service. */
public class EventQueues {

    private final EventsProperties properties;
    private final Set<String> durableConsumers = new ConcurrentSkipListSet<>();

    public EventQueues(EventsProperties properties) {
        this.properties = properties;
    }

    /** The consumers this service declared a durable queue for, e.g. {@code billing.usage}. */
    public Set<String> durableConsumers() {
        return Set.copyOf(durableConsumers);
    }

    /** The durable queue name for one consumer, e.g. {@code aggregator.events.billing.usage}. */
    public String durableName(String consumer) {
        return properties.exchange() + "." + consumer;
    }

    /** The dead-letter queue of one consumer's durable queue. */
    public String deadLetterName(String consumer) {
        return durableName(consumer) + ".dlq";
    }

    /**
     * A durable queue shared by all instances of a service (each event handled once), with a
     * dead-letter queue for messages that keep failing.
     */
    public Declarables durable(String consumer, String... routingKeys) {
        String name = durableName(consumer);
        durableConsumers.add(consumer);
        var exchange = new TopicExchange(properties.exchange());
        var dlx = new TopicExchange(properties.deadLetterExchange());
        Queue queue = QueueBuilder.durable(name)
                .deadLetterExchange(dlx.getName())
                .deadLetterRoutingKey(name)
                .build();
        Queue dlq = QueueBuilder.durable(deadLetterName(consumer)).build();
        var declarables = new ArrayList<Declarable>(java.util.List.of(
                exchange, dlx, queue, dlq, BindingBuilder.bind(dlq).to(dlx).with(name)));
        for (String key : routingKeys) declarables.add(bind(queue, exchange, key));
        return new Declarables(declarables);
    }

    /**
     * A queue of this instance alone (every instance sees every event), for cache evictions. It
     * disappears with the instance.
     */
    public Declarables broadcast(Queue instanceQueue, String... routingKeys) {
        var exchange = new TopicExchange(properties.exchange());
        var declarables = new ArrayList<Declarable>(java.util.List.of(exchange, instanceQueue));
        for (String key : routingKeys) declarables.add(bind(instanceQueue, exchange, key));
        return new Declarables(declarables);
    }

    /**
     * A non-durable, exclusive, auto-delete queue with a unique name. Not an {@code AnonymousQueue}:
     * that one sets {@code x-queue-leader-locator}, which RabbitMQ before 3.12 refuses.
     */
    public static Queue instanceQueue(String prefix) {
        return new Queue(prefix + "." + UUID.randomUUID(), false, true, true);
    }

    private static Binding bind(Queue queue, TopicExchange exchange, String routingKey) {
        return BindingBuilder.bind(queue).to(exchange).with(routingKey);
    }
}
