package dev.aggregator.common.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * What one proxied request has used so far, successful or not. One request may publish several:
 * a long stream publishes checkpoints ({@code checkpoint = true}) while it runs and a final event
 * when it ends. Tokens and {@code cost} are <em>cumulative</em> for {@code usageId}, so consumers
 * keep the newest figure per request and charge only what is new: a redelivered, republished or
 * out-of-order event changes nothing.
 *
 * @param usageId one per proxied request (the client's {@code requestId} may repeat); billing
 *     charges each usage id exactly once in total, analytics keeps one row per usage id
 * @param cost what the company is charged for the request so far, already rounded by the proxy's
 *     single rounding rule
 * @param leaseId the budget lease that admitted the request, whose hold billing draws the charge
 *     from; null when nothing was held for it (a free offering, or usage recorded after its lease
 *     was closed), and billing then charges the balance directly
 * @param checkpoint true while a stream is still running; false on the request's last event
 * @param platformCost what the provider charges the platform for the request so far (its cost
 *     prices, same rounding rule); null when the offering has no cost prices. Absent from events
 *     written before it existed, which read as null.
 */
public record UsageRecorded(
        UUID eventId,
        Instant occurredAt,
        String requestId,
        UUID usageId,
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
        UUID leaseId,
        boolean checkpoint,
        long latencyMs,
        Long ttftMs,
        BigDecimal platformCost)
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
