package dev.aggregator.common.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The depth of every dead-letter queue this service declared ({@link EventQueues#durable}), read
 * from the broker when scraped. Anything above zero is an event a consumer refused: for usage, a
 * request that is not charged until someone looks.
 */
public class DeadLetterMetrics implements SmartInitializingSingleton {

    private final EventQueues queues;
    private final Supplier<AmqpAdmin> admins;
    private final Supplier<MeterRegistry> registries;
    private AmqpAdmin admin;

    /** Both are looked up once every singleton exists; without either there is nothing to do. */
    public DeadLetterMetrics(EventQueues queues, Supplier<AmqpAdmin> admins, Supplier<MeterRegistry> registries) {
        this.queues = queues;
        this.admins = admins;
        this.registries = registries;
    }

    /** After every singleton: the queues are declared by the services' configuration beans. */
    @Override
    public void afterSingletonsInstantiated() {
        admin = admins.get();
        MeterRegistry registry = registries.get();
        if (admin == null || registry == null) return;
        for (String queue : queues.deadLetterQueues()) {
            Gauge.builder("aggregator.events.dead.letters", this, metrics -> metrics.depth(queue))
                    .description("Messages waiting in a dead-letter queue")
                    .tag("queue", queue)
                    .register(registry);
        }
    }

    private double depth(String queue) {
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            return info == null ? Double.NaN : info.getMessageCount();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
