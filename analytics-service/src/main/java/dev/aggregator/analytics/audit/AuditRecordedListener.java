package dev.aggregator.analytics.audit;

import dev.aggregator.analytics.config.EventConsumers;
import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.outbox.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Appends one audit-log row per {@link AuditRecorded}, exactly once per event id. */
@Component
class AuditRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(AuditRecordedListener.class);

    private final ProcessedEvents processedEvents;
    private final AuditLogRepository auditLog;

    AuditRecordedListener(ProcessedEvents processedEvents, AuditLogRepository auditLog) {
        this.processedEvents = processedEvents;
        this.auditLog = auditLog;
    }

    @RabbitListener(queues = "${aggregator.events.exchange}." + EventConsumers.AUDIT)
    @Transactional
    public void on(AuditRecorded event) {
        if (!processedEvents.markProcessed(event.eventId(), EventConsumers.AUDIT)) {
            log.debug("Skipped redelivered audit event {}", event.eventId());
            return;
        }
        auditLog.insert(AuditEntry.from(event));
    }
}
