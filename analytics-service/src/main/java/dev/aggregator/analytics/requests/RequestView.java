package dev.aggregator.analytics.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A request as a client sees it; absent values are written as {@code null}, so the shape is stable. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record RequestView(
        String id,
        String endpoint,
        String model,
        String provider,
        String status,
        int httpStatus,
        String errorCode,
        boolean streamed,
        long promptTokens,
        long completionTokens,
        BigDecimal cost,
        long latencyMs,
        Long ttftMs,
        UUID apiKeyId,
        Instant createdAt) {

    static RequestView of(RequestLogEntry entry) {
        return new RequestView(
                entry.requestId(),
                entry.endpoint(),
                entry.model(),
                entry.providerName(),
                entry.status(),
                entry.httpStatus(),
                entry.errorCode(),
                entry.streamed(),
                entry.promptTokens(),
                entry.completionTokens(),
                entry.cost(),
                entry.latencyMs(),
                entry.ttftMs(),
                entry.apiKeyId(),
                entry.createdAt());
    }
}
