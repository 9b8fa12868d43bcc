package dev.aggregator.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What a team watches the proxy by, on {@code /actuator/prometheus}: requests, tokens and cost by
 * provider and model; upstream latency and time to first token; admission refusals by reason;
 * fallbacks from one provider to the next.
 *
 * <p>Tags are bounded by the catalogue (provider, model) or by fixed sets (outcome, reason); never a
 * company, key or request. Meters are resolved once per tag combination and kept in a map keyed by
 * a small record, so a request costs a hash lookup and a few atomic adds, not a registry lookup.
 * Latency histograms have a short fixed set of buckets (for p99 and alert rules), not Micrometer's
 * ~70 percentile buckets per series.
 */
@Component
public class ProxyMetrics {

    /** Buckets of the latency histograms: a provider's first byte takes from tens of ms to a minute. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    private record ModelKey(String provider, String model) {}

    private record OutcomeKey(String provider, boolean ok) {}

    /** The meters of one provider and model. */
    private record ModelMeters(
            Counter succeeded,
            Counter failed,
            Counter promptTokens,
            Counter completionTokens,
            Counter cost,
            Timer timeToFirstToken) {}

    private final MeterRegistry registry;
    private final Map<ModelKey, ModelMeters> models = new ConcurrentHashMap<>();
    private final Map<OutcomeKey, Timer> upstream = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A request's final usage, once durable: one request, its tokens and its cost.
     *
     * @param ttftMs the stream's time to its first content, null for a plain answer
     */
    public void finished(
            String provider,
            String model,
            boolean success,
            long promptTokens,
            long completionTokens,
            BigDecimal cost,
            Long ttftMs) {
        ModelMeters meters = models.computeIfAbsent(new ModelKey(provider, model), this::modelMeters);
        (success ? meters.succeeded() : meters.failed()).increment();
        if (promptTokens > 0) meters.promptTokens().increment(promptTokens);
        if (completionTokens > 0) meters.completionTokens().increment(completionTokens);
        if (cost != null && cost.signum() > 0) meters.cost().increment(cost.doubleValue());
        if (ttftMs != null) meters.timeToFirstToken().record(ttftMs, TimeUnit.MILLISECONDS);
    }

    /** One upstream call: until the whole answer, or a stream's first chunk. */
    public void upstreamCall(String provider, boolean ok, long nanos) {
        upstream.computeIfAbsent(new OutcomeKey(provider, ok), this::upstreamTimer)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The request moves on from {@code provider}, which failed, to the next candidate. */
    public void fallback(String provider) {
        fallbacks
                .computeIfAbsent(
                        provider,
                        p -> Counter.builder("aggregator.routing.fallbacks")
                                .description("Requests that moved on to the next provider after this one failed")
                                .tag("provider", p)
                                .register(registry))
                .increment();
    }

    /** A request refused before any provider was called; {@code reason} is its OpenAI error code. */
    public void refused(String reason) {
        refusals.computeIfAbsent(
                        reason,
                        r -> Counter.builder("aggregator.admission.refusals")
                                .description("Requests refused before any provider call, by reason")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    private ModelMeters modelMeters(ModelKey key) {
        return new ModelMeters(
                requests(key, "success"),
                requests(key, "error"),
                tokens(key, "prompt"),
                tokens(key, "completion"),
                Counter.builder("aggregator.proxy.cost")
                        .description("What requests cost their companies, in the platform's currency")
                        .tags("provider", key.provider(), "model", key.model())
                        .register(registry),
                Timer.builder("aggregator.upstream.ttft")
                        .description("Time from the request to a stream's first content")
                        .tags("provider", key.provider(), "model", key.model())
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry));
    }

    private Counter requests(ModelKey key, String outcome) {
        return Counter.builder("aggregator.proxy.requests")
                .description("Requests that reached a provider (or failed to), by provider, model and outcome")
                .tags("provider", key.provider(), "model", key.model(), "outcome", outcome)
                .register(registry);
    }

    private Counter tokens(ModelKey key, String type) {
        return Counter.builder("aggregator.proxy.tokens")
                .description("Tokens billed, by provider, model and type")
                .tags("provider", key.provider(), "model", key.model(), "type", type)
                .register(registry);
    }

    private Timer upstreamTimer(OutcomeKey key) {
        return Timer.builder("aggregator.upstream.latency")
                .description("Duration of each upstream call until its answer (a stream: its first chunk)")
                .tags("provider", key.provider(), "outcome", key.ok() ? "success" : "failure")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }
}
