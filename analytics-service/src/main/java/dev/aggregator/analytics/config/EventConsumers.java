package dev.aggregator.analytics.config;

import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.UsageRecorded;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The durable queues this service consumes, each with its dead-letter queue. A listener names its
 * queue as {@code ${aggregator.events.exchange}.<consumer>}, the name {@link EventQueues} gives it.
 */
@Configuration(proxyBeanMethods = false)
public class EventConsumers {

    /**
     * The consumer name of the request log. Its listener takes batches ({@code
     * eventBatchListenerFactory}) and keeps no {@code processed_event} rows: the request log's
     * unique usage id makes it idempotent.
     */
    public static final String USAGE = "analytics.usage";

    /** The consumer name of the audit log; also its key in {@code processed_event}. */
    public static final String AUDIT = "analytics.audit";

    @Bean
    Declarables usageQueue(EventQueues queues) {
        return queues.durable(USAGE, UsageRecorded.TYPE);
    }

    @Bean
    Declarables auditQueue(EventQueues queues) {
        return queues.durable(AUDIT, AuditRecorded.TYPE);
    }
}
