package dev.aggregator.analytics.audit;

import dev.aggregator.common.events.AuditRecorded;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One row of the audit log; {@code id} is the event id. */
record AuditEntry(
        UUID id,
        UUID companyId,
        String actor,
        String action,
        String target,
        String ip,
        Map<String, Object> details,
        Instant createdAt) {

    static AuditEntry from(AuditRecorded event) {
        var details =
                event.details() == null ? Map.<String, Object>of() : new LinkedHashMap<String, Object>(event.details());
        return new AuditEntry(
                event.eventId(),
                event.companyId(),
                event.actor(),
                event.action(),
                event.target(),
                event.ip(),
                details,
                event.occurredAt());
    }
}
