package dev.aggregator.analytics.requests;

import dev.aggregator.common.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One row of the request log; {@code id} is the event id, {@code requestId} the public one. */
record RequestLogEntry(
        UUID id,
        String requestId,
        UUID companyId,
        UUID apiKeyId,
        UUID userId,
        String endpoint,
        String model,
        UUID providerId,
        String providerName,
        String status,
        int httpStatus,
        String errorCode,
        long promptTokens,
        long completionTokens,
        BigDecimal cost,
        long latencyMs,
        Long ttftMs,
        boolean streamed,
        Instant createdAt) {

    /** Everything but the prices and the reservation, which belong to billing. */
    static RequestLogEntry from(UsageRecorded event) {
        return new RequestLogEntry(
                event.eventId(),
                event.requestId(),
                event.companyId(),
                event.apiKeyId(),
                event.userId(),
                event.endpoint(),
                event.model(),
                event.providerId(),
                event.providerName(),
                event.status(),
                event.httpStatus(),
                event.errorCode(),
                event.promptTokens(),
                event.completionTokens(),
                // A request that failed before any work may carry no cost: it cost nothing.
                Objects.requireNonNullElse(event.cost(), BigDecimal.ZERO),
                event.latencyMs(),
                event.ttftMs(),
                event.streamed(),
                event.occurredAt());
    }
}
