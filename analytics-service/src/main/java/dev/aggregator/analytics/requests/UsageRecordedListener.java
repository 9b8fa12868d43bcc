package dev.aggregator.analytics.requests;

import dev.aggregator.analytics.config.EventConsumers;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Writes one request-log row per {@link UsageRecorded}, exactly once per event id. */
@Component
class UsageRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(UsageRecordedListener.class);

    private final ProcessedEvents processedEvents;
    private final RequestLogRepository requestLog;

    UsageRecordedListener(ProcessedEvents processedEvents, RequestLogRepository requestLog) {
        this.processedEvents = processedEvents;
        this.requestLog = requestLog;
    }

    @RabbitListener(queues = "${aggregator.events.exchange}." + EventConsumers.USAGE)
    @Transactional
    public void on(UsageRecorded event) {
        if (!processedEvents.markProcessed(event.eventId(), EventConsumers.USAGE)) {
            log.debug("Skipped redelivered usage event {}", event.eventId());
            return;
        }
        requestLog.insert(RequestLogEntry.from(event));
    }
}
