package dev.aggregator.analytics.requests;

import dev.aggregator.common.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the request log: one per proxied request ({@code usageId}, also the row's {@code id}),
 * holding the newest figures its events reported; {@code requestId} is the public id.
 * {@code platformCost} is what the provider charged the platform, null when unknown; it is for
 * the platform admin's margins only, never shown to a company.
 */
record RequestLogEntry(
        UUID id,
        UUID usageId,
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
        BigDecimal platformCost,
        long latencyMs,
        Long ttftMs,
        boolean streamed,
        boolean finalFigures,
        Instant createdAt) {

    /**
     * Which of two entries of the same request is newer; the repository's upsert compares rows in the
     * same order. Figures are cumulative, so a request's last event is its final one and, among
     * checkpoints, the one with the most cost and output (latency breaks ties: a stream that
     * produced nothing between two checkpoints).
     */
    static final Comparator<RequestLogEntry> NEWEST_LAST = Comparator.comparing(RequestLogEntry::finalFigures)
            .thenComparing(RequestLogEntry::cost)
            .thenComparingLong(RequestLogEntry::completionTokens)
            .thenComparingLong(RequestLogEntry::latencyMs);

    /** Everything but the prices and the lease, which belong to billing. */
    static RequestLogEntry from(UsageRecorded event) {
        // An event from before usage ids existed was its request's only one.
        UUID usageId = Objects.requireNonNullElse(event.usageId(), event.eventId());
        return new RequestLogEntry(
                usageId,
                usageId,
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
                event.platformCost(),
                event.latencyMs(),
                event.ttftMs(),
                event.streamed(),
                !event.checkpoint(),
                event.occurredAt());
    }

    /** Whether the row's constraints accept it; an entry that fails them never will, however often retried. */
    boolean storable() {
        return requestId != null
                && companyId != null
                && endpoint != null
                && model != null
                && status != null
                && createdAt != null
                && promptTokens >= 0
                && completionTokens >= 0
                && cost.signum() >= 0
                && cost.precision() - cost.scale() <= 12 // NUMERIC(20,8)
                && (platformCost == null
                        || (platformCost.signum() >= 0 && platformCost.precision() - platformCost.scale() <= 12));
    }
}
