package dev.aggregator.common.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A security- or money-relevant action, for the audit log. {@code details} holds short,
 * non-secret facts (ids, amounts), never credentials or prompt text.
 */
public record AuditRecorded(
        UUID eventId,
        Instant occurredAt,
        UUID companyId,
        String actor,
        String action,
        String target,
        String ip,
        Map<String, String> details)
        implements DomainEvent {

    public static final String TYPE = "audit.recorded";

    public static AuditRecorded of(
            UUID companyId, String actor, String action, String target, String ip, Map<String, String> details) {
        return new AuditRecorded(
                UUID.randomUUID(), Instant.now(), companyId, actor, action, target, ip, Map.copyOf(details));
    }

    @Override
    public String type() {
        return TYPE;
    }
}
