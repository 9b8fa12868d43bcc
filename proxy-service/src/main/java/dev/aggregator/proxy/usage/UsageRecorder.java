package dev.aggregator.proxy.usage;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.tracing.TraceContexts;
import dev.aggregator.proxy.metrics.ProxyMetrics;
import dev.aggregator.proxy.routing.Candidate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds {@code usage.recorded} events and journals them, from which billing charges the request
 * and analytics logs it. The outbox row is the proxy's only durable trace of a request's usage.
 *
 * <p>Figures are cumulative per {@linkplain UsageTrail#usageId() usage id}: a stream journals
 * checkpoints while it runs and one final event when it ends; a plain answer journals only the
 * final event.
 */
@Component
public class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private final UsageJournal journal;
    private final TraceContexts traces;
    private final ProxyMetrics metrics;

    UsageRecorder(UsageJournal journal, TraceContexts traces, ProxyMetrics metrics) {
        this.journal = journal;
        this.traces = traces;
        this.metrics = metrics;
    }

    /**
     * Starts the trail of one request that was admitted.
     *
     * @param leaseId the lease that holds the request's worst case ({@code Admitted.leaseId()}),
     *     null when nothing was held
     */
    public UsageTrail trail(ProxiedRequest request, UUID leaseId) {
        return new UsageTrail(request, leaseId, traces.current());
    }

    /**
     * A plain (not streamed) answer the provider gave in full: {@link #served} with a 200 and no
     * time to first token.
     */
    public UsageRecorded answered(
            UsageTrail trail, Candidate candidate, TokenUsage tokens, Consumer<UsageRecorded> onDurable) {
        return served(trail, candidate, tokens, null, 200, null, onDurable);
    }

    /**
     * The request's last event: what a provider served, fully or (a broken or abandoned stream)
     * partly, at the serving candidate's prices. Returns once the event is durable.
     *
     * <p>{@code onDurable} runs exactly once, when the event is committed: on this thread if that
     * happens in time, otherwise later on the journal's thread (the client already got a 503, but
     * the provider was paid, the usage is still written, and the hold may only be let go then). It
     * never runs if the event cannot be queued at all (shutdown).
     *
     * @param errorCode null for a complete answer
     * @return the event as written, whose {@code cost} is what the client is told
     * @throws dev.aggregator.proxy.openai.OpenAiException 503 when the event was not durable within
     *     the wait timeout
     */
    public UsageRecorded served(
            UsageTrail trail,
            Candidate candidate,
            TokenUsage tokens,
            Long ttftMs,
            int httpStatus,
            String errorCode,
            Consumer<UsageRecorded> onDurable) {
        var event = event(
                trail,
                candidate,
                errorCode == null ? UsageRecorded.SUCCESS : UsageRecorded.ERROR,
                httpStatus,
                errorCode,
                tokens,
                UsageCost.of(tokens, candidate),
                ttftMs,
                false);
        CompletableFuture<UsageRecorded> written = submit(trail, event);
        UsageRecorded durable;
        try {
            durable = journal.await(written);
        } catch (RuntimeException e) {
            log.error(
                    "Usage of request {} is not durable yet; its hold is kept until it is",
                    trail.request().requestId());
            written.thenAccept(late -> runQuietly(onDurable, late, trail));
            throw e;
        }
        runQuietly(onDurable, durable, trail);
        return durable;
    }

    /**
     * A running stream's usage so far ({@code checkpoint = true}). Not waited for: it only guards
     * against the proxy dying mid-stream, and the stream's final event is waited for anyway.
     */
    public void checkpoint(UsageTrail trail, Candidate candidate, TokenUsage tokens, Long ttftMs) {
        var event = event(
                trail,
                candidate,
                UsageRecorded.SUCCESS,
                200,
                null,
                tokens,
                UsageCost.of(tokens, candidate),
                ttftMs,
                true);
        submit(trail, event);
    }

    /**
     * A request no provider served. It costs nothing and held nothing any more, so the event
     * carries no lease: billing has nothing to charge, analytics counts the error.
     */
    public void failed(ProxiedRequest request, Candidate lastTried, int httpStatus, String errorCode) {
        var trail = new UsageTrail(request, null, traces.current());
        var event = event(
                trail,
                lastTried,
                UsageRecorded.ERROR,
                httpStatus,
                errorCode,
                new TokenUsage(0, 0),
                BigDecimal.ZERO.setScale(UsageCost.SCALE),
                null,
                false);
        journal.await(submit(trail, event));
        count(event);
    }

    private CompletableFuture<UsageRecorded> submit(UsageTrail trail, UsageRecorded event) {
        return journal.submit(event, trail.advanceTo(event.cost(), event.checkpoint()), trail.traceParent());
    }

    /** A request's final usage, durable: in the metrics of its provider and model. */
    private void count(UsageRecorded event) {
        metrics.finished(
                event.providerName(),
                event.model(),
                UsageRecorded.SUCCESS.equals(event.status()),
                event.promptTokens(),
                event.completionTokens(),
                event.cost(),
                event.ttftMs());
    }

    private void runQuietly(Consumer<UsageRecorded> onDurable, UsageRecorded event, UsageTrail trail) {
        try {
            count(event);
            onDurable.accept(event);
        } catch (RuntimeException e) {
            log.error(
                    "After the usage of request {} was durable", trail.request().requestId(), e);
        }
    }

    private static UsageRecorded event(
            UsageTrail trail,
            Candidate candidate,
            String status,
            int httpStatus,
            String errorCode,
            TokenUsage tokens,
            BigDecimal cost,
            Long ttftMs,
            boolean checkpoint) {
        var request = trail.request();
        var identity = request.identity();
        return new UsageRecorded(
                UUID.randomUUID(),
                Instant.now(),
                request.requestId(),
                trail.usageId(),
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
                trail.leaseId(),
                checkpoint,
                request.elapsedMillis(),
                ttftMs,
                UsageCost.platformCost(tokens, candidate));
    }
}
