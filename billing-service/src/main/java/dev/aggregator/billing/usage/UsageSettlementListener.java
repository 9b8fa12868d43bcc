package dev.aggregator.billing.usage;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.ProcessedEvents;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settles each proxied request once: the event id is recorded in the same transaction as the
 * charge, so a redelivered or republished event changes nothing.
 */
@Component
public class UsageSettlementListener {

    static final String CONSUMER = "billing.usage";

    private final ProcessedEvents processedEvents;
    private final UsageSettlement settlement;

    UsageSettlementListener(ProcessedEvents processedEvents, UsageSettlement settlement) {
        this.processedEvents = processedEvents;
        this.settlement = settlement;
    }

    @RabbitListener(queues = "#{eventQueues.durableName('billing.usage')}")
    @Transactional
    public void on(UsageRecorded event) {
        if (!processedEvents.markProcessed(event.eventId(), CONSUMER)) return;
        settlement.settle(event);
    }
}
