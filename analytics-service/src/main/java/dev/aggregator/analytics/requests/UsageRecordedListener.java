package dev.aggregator.analytics.requests;

import dev.aggregator.analytics.config.EventConsumers;
import dev.aggregator.common.events.EventBatches;
import dev.aggregator.common.events.UsageRecorded;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Keeps one request-log row per proxied request from its {@link UsageRecorded} events, a batch of
 * them in one transaction and one statement. Idempotent by the row's unique usage id and the
 * newest-figures-win rule, so it needs no inbox row: a redelivered event changes nothing.
 */
@Component
class UsageRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(UsageRecordedListener.class);

    /**
     * The newer of two entries of one request; an entry of another company than the one seen
     * first is ignored, as the upsert ignores it against a stored row.
     */
    private static final BinaryOperator<RequestLogEntry> NEWER = (kept, next) -> {
        if (!kept.companyId().equals(next.companyId())) {
            log.warn("Ignored a usage event of request {} from another company", kept.usageId());
            return kept;
        }
        return RequestLogEntry.NEWEST_LAST.compare(kept, next) >= 0 ? kept : next;
    };

    private final EventBatches batches;
    private final RequestLogRepository requestLog;

    UsageRecordedListener(EventBatches batches, RequestLogRepository requestLog) {
        this.batches = batches;
        this.requestLog = requestLog;
    }

    @RabbitListener(
            queues = "${aggregator.events.exchange}." + EventConsumers.USAGE,
            containerFactory = "eventBatchListenerFactory")
    public void on(List<Message> messages) {
        batches.consume(EventConsumers.USAGE, messages, UsageRecorded.class, this::store);
    }

    private void store(List<UsageRecorded> events) {
        requestLog.upsertNewest(newestPerRequest(events));
    }

    /**
     * The newest entry of each request in the batch: a stream's checkpoints and final event may
     * arrive together, and one statement may touch a row only once.
     *
     * @throws AmqpRejectAndDontRequeueException for an event the table can never accept (no
     *     company, negative figures), so that {@link EventBatches} dead-letters it instead of
     *     requeueing the batch for ever
     */
    static List<RequestLogEntry> newestPerRequest(Collection<UsageRecorded> events) {
        var newest = new LinkedHashMap<UUID, RequestLogEntry>(events.size() * 2);
        for (UsageRecorded event : events) {
            var entry = RequestLogEntry.from(event);
            if (!entry.storable()) {
                throw new AmqpRejectAndDontRequeueException("Usage event " + event.eventId()
                        + " lacks a company, request, endpoint, model or status, or has negative figures");
            }
            newest.merge(entry.usageId(), entry, NEWER);
        }
        return List.copyOf(newest.values());
    }
}
