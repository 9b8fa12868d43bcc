package dev.aggregator.proxy.usage;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.proxy.routing.Candidate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes {@code usage.recorded} to the outbox, from which billing settles the reservation and
 * analytics logs the request. The proxy has no other table: the outbox row is its only durable
 * trace of a request.
 */
@Component
public class UsageRecorder {

    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;

    UsageRecorder(OutboxWriter outbox, TransactionTemplate transactions) {
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /**
     * A request a provider served, fully or (a broken or abandoned stream) partly: it is charged
     * for the tokens it used at the serving candidate's prices.
     *
     * @param errorCode null for a complete answer
     * @return the event written, whose {@code cost} is what the client is told
     */
    public UsageRecorded served(
            ProxiedRequest request,
            Candidate candidate,
            TokenUsage tokens,
            UUID reservationId,
            Long ttftMs,
            int httpStatus,
            String errorCode) {
        var event = event(
                request,
                candidate,
                errorCode == null ? UsageRecorded.SUCCESS : UsageRecorded.ERROR,
                httpStatus,
                errorCode,
                tokens,
                UsageCost.of(tokens, candidate),
                reservationId,
                ttftMs);
        append(event);
        return event;
    }

    /**
     * A request no provider served. It costs nothing and its reservation was released already, so
     * the event carries no reservation: billing has nothing to settle, analytics counts the error.
     */
    public void failed(ProxiedRequest request, Candidate lastTried, int httpStatus, String errorCode) {
        append(event(
                request,
                lastTried,
                UsageRecorded.ERROR,
                httpStatus,
                errorCode,
                new TokenUsage(0, 0),
                BigDecimal.ZERO.setScale(UsageCost.SCALE),
                null,
                null));
    }

    private void append(UsageRecorded event) {
        transactions.executeWithoutResult(status -> outbox.append(event));
    }

    private static UsageRecorded event(
            ProxiedRequest request,
            Candidate candidate,
            String status,
            int httpStatus,
            String errorCode,
            TokenUsage tokens,
            BigDecimal cost,
            UUID reservationId,
            Long ttftMs) {
        var identity = request.identity();
        return new UsageRecorded(
                UUID.randomUUID(),
                Instant.now(),
                request.requestId(),
                identity.companyId(),
                identity.apiKeyId(),
                identity.userId(),
                request.endpoint(),
                request.model(),
                candidate.providerId(),
                candidate.providerName(),
                candidate.providerModel(),
                request.streamed(),
                status,
                httpStatus,
                errorCode,
                tokens.promptTokens(),
                tokens.completionTokens(),
                candidate.inputPricePerMillion(),
                candidate.outputPricePerMillion(),
                cost,
                reservationId,
                request.elapsedMillis(),
                ttftMs);
    }
}
