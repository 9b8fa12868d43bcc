package dev.aggregator.common.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One proxied request, successful or not. {@code cost} is what the company is charged (already
 * rounded by the proxy's single rounding rule); billing settles {@code reservationId} to it.
 */
public record UsageRecorded(
        UUID eventId,
        Instant occurredAt,
        String requestId,
        UUID companyId,
        UUID apiKeyId,
        UUID userId,
        String endpoint,
        String model,
        UUID providerId,
        String providerName,
        String providerModel,
        boolean streamed,
        String status,
        int httpStatus,
        String errorCode,
        long promptTokens,
        long completionTokens,
        BigDecimal inputPricePerMillion,
        BigDecimal outputPricePerMillion,
        BigDecimal cost,
        UUID reservationId,
        long latencyMs,
        Long ttftMs)
        implements DomainEvent {

    public static final String TYPE = "usage.recorded";
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";

    @Override
    public String type() {
        return TYPE;
    }

    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
