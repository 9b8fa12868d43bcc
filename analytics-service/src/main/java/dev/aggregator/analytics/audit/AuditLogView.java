package dev.aggregator.analytics.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An audit record as a reader sees it; absent values are written as {@code null}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AuditLogView(
        UUID id,
        UUID companyId,
        String actor,
        String action,
        String target,
        String ip,
        Map<String, Object> details,
        Instant createdAt) {

    static AuditLogView of(AuditEntry entry) {
        return new AuditLogView(
                entry.id(),
                entry.companyId(),
                entry.actor(),
                entry.action(),
                entry.target(),
                entry.ip(),
                entry.details(),
                entry.createdAt());
    }
}
