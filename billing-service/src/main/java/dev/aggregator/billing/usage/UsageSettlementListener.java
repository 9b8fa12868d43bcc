package dev.aggregator.billing.usage;

import dev.aggregator.common.events.EventBatches;
import dev.aggregator.common.events.UsageRecorded;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Settles usage events in batches: one transaction and one ack per batch. Exactly-once comes from
 * the usage_charge row of each usage id (costs are cumulative), not from the event id, so a
 * redelivered batch, or an event applied alone before its batch was requeued, charges nothing
 * twice. An invalid event is dead-lettered alone by {@link EventBatches}.
 */
@Component
public class UsageSettlementListener {

    static final String CONSUMER = "billing.usage";

    private final EventBatches batches;
    private final UsageSettlement settlement;

    UsageSettlementListener(EventBatches batches, UsageSettlement settlement) {
        this.batches = batches;
        this.settlement = settlement;
    }

    @RabbitListener(
            queues = "#{eventQueues.durableName('billing.usage')}",
            containerFactory = "eventBatchListenerFactory")
    public void on(List<Message> messages) {
        batches.consume(CONSUMER, messages, UsageRecorded.class, settlement::settle);
    }
}
