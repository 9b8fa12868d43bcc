package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.metrics.ProxyMetrics;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.PoolKey;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The upstream call: tries the candidates in order until one answers.
 *
 * <ul>
 *   <li>A provider marked down for every instance ({@link ProviderHealth}) is skipped without an
 *       attempt, except for the one request per cool-down that wins its probe.
 *   <li>Each attempt uses a key of the provider's pool, drawn by weight ({@link KeyPool}); a key
 *       answered 401/403/429 rests.
 *   <li>Only the provider's faults (connect failures, timeouts, 5xx, 429, 408, bad credentials)
 *       move on; a request the provider rejects as invalid (400, 422, …) is the client's fault and
 *       ends here, and counts against neither the provider's health nor its circuit breaker.
 *   <li>One same-provider retry per candidate: a 429 whose {@code Retry-After} is short (≤ 2 s)
 *       is retried after that wait (on another key when one is free, then without waiting); a
 *       401/403/429 is retried at once on another free key. Fallbacks to the next provider pause
 *       briefly first (25 ms, doubling).
 *   <li>Each provider also has a circuit breaker of this instance (named by its id), fed only by
 *       the provider's own failures; an open breaker skips the provider, except for the last
 *       candidate.
 *   <li>A provider that failed after answering 2xx ends the request: it has likely billed us.
 * </ul>
 *
 * Everything here happens before a byte reaches the client (adapters return a stream only once its
 * first chunk has arrived). The response header {@code x-aggregator-attempts} says how many calls
 * were made.
 */
@Component
public class CandidateRouter {

    static final String ATTEMPTS_HEADER = "x-aggregator-attempts";

    private static final Logger log = LoggerFactory.getLogger(CandidateRouter.class);

    private final CircuitBreakerRegistry breakers;
    private final ProviderHealth health;
    private final KeyPool keys;
    private final RetryProperties retry;
    private final ProxyMetrics metrics;
    private final ProviderCallSpans spans;

    /** @param spans present only while tracing is on ({@link TracedProviderCalls}) */
    CandidateRouter(
            CircuitBreakerRegistry breakers,
            ProviderHealth health,
            KeyPool keys,
            RetryProperties retry,
            ProxyMetrics metrics,
            Optional<ProviderCallSpans> spans) {
        this.breakers = breakers;
        this.health = health;
        this.keys = keys;
        this.retry = retry;
        this.metrics = metrics;
        this.spans = spans.orElse(ProviderCallSpans.NONE);
    }

    /**
     * @throws RequestRejected when a provider refused the request as invalid; not retried
     * @throws ProvidersExhausted when no candidate answered, or one failed after answering 2xx
     */
    public <T> Served<T> call(String requestId, List<Candidate> candidates, Function<Candidate, T> attempt) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidate to call");
        var attempts = new Attempts();
        try {
            return route(requestId, candidates, attempt, attempts);
        } finally {
            attempts.report();
        }
    }

    private <T> Served<T> route(
            String requestId, List<Candidate> candidates, Function<Candidate, T> attempt, Attempts attempts) {
        UpstreamFailure lastFailure = null;
        Candidate lastTried = null;
        int providersTried = 0;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            boolean last = i == candidates.size() - 1;
            var verdict = health.verdict(candidate.providerId());
            if (verdict == ProviderHealth.Verdict.SKIP) {
                log.info("Skipping provider {} for request {}: marked down", candidate.providerName(), requestId);
                continue;
            }
            CircuitBreaker breaker =
                    breakers.circuitBreaker(candidate.providerId().toString());
            boolean permitted = breaker.tryAcquirePermission();
            if (!permitted && !last && verdict != ProviderHealth.Verdict.PROBE) {
                log.info("Skipping provider {} for request {}: circuit open", candidate.providerName(), requestId);
                continue;
            }
            PoolKey key = keys.pick(candidate, null);
            if (key == null) {
                if (permitted) breaker.releasePermission();
                log.info("Skipping provider {} for request {}: every key resting", candidate.providerName(), requestId);
                continue;
            }
            if (providersTried > 0) {
                metrics.fallback(lastTried.providerName());
                pause(backoff(providersTried));
            }
            providersTried++;
            lastTried = candidate;
            boolean retried = false;
            while (true) {
                Candidate keyed = key.apiKey() == null ? candidate : candidate.withKey(key);
                attempts.count++;
                var span = spans.started(keyed, attempts.count);
                long start = System.nanoTime();
                try {
                    T answer = attempt.apply(keyed);
                    long elapsed = System.nanoTime() - start;
                    metrics.upstreamCall(candidate.providerName(), true, elapsed);
                    if (permitted) breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    health.succeeded(candidate.providerId(), elapsed);
                    return new Served<>(keyed, measured(candidate, span.answered(answer), elapsed));
                } catch (UpstreamFailure failure) {
                    long elapsed = System.nanoTime() - start;
                    span.failed(failure);
                    metrics.upstreamCall(candidate.providerName(), !failure.providerFault(), elapsed);
                    if (!failure.providerFault()) {
                        // The provider did its job: it refused an invalid request. Its health and
                        // breaker are untouched, whoever's request it was.
                        log.info(
                                "Provider {} rejected request {} as invalid (status {})",
                                candidate.providerName(),
                                requestId,
                                failure.status());
                        if (permitted) breaker.releasePermission();
                        throw new RequestRejected(keyed, failure);
                    }
                    log.warn(
                            "Provider {} failed for request {}: {} (status {})",
                            candidate.providerName(),
                            requestId,
                            failure.kind(),
                            failure.status());
                    if (failure.providerUnhealthy()) {
                        health.failed(candidate.providerId());
                        if (permitted) breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
                    } else if (permitted) {
                        breaker.releasePermission();
                    }
                    permitted = false; // a retry below is not counted by the breaker again
                    if (failure.keyRefused()) keys.rest(candidate, key, failure.retryAfter());
                    if (failure.answered()) throw new ProvidersExhausted(keyed, failure, providersTried);
                    lastFailure = failure;
                    PoolKey next = retried ? null : retryKey(candidate, key, failure);
                    if (next == null) break;
                    retried = true;
                    key = next;
                } catch (RuntimeException e) {
                    span.failed(e);
                    if (permitted) breaker.releasePermission();
                    throw e;
                }
            }
        }
        if (lastTried == null) {
            // every candidate was skipped: marked down, breaker open or keys resting
            throw new ProvidersExhausted(
                    candidates.getLast(), UpstreamFailure.ofStatus(503, null), Math.max(1, providersTried));
        }
        throw new ProvidersExhausted(lastTried, lastFailure, providersTried);
    }

    /**
     * The key for the one same-provider retry, or null for none: another free key at once after a
     * 401/403/429; after a 429 with a short {@code Retry-After} and no other key, the same key once
     * that wait is over.
     */
    private PoolKey retryKey(Candidate candidate, PoolKey failed, UpstreamFailure failure) {
        if (!failure.keyRefused()) return null;
        PoolKey other = keys.pick(candidate, failed);
        if (other != null && !other.equals(failed)) return other;
        Duration wait = failure.retryAfter();
        if (failure.status() == 429 && wait != null && wait.compareTo(retry.maxRetryAfter()) <= 0) {
            pause(wait);
            return failed;
        }
        return null;
    }

    private Duration backoff(int fallbacks) {
        return retry.fallbackBackoff().multipliedBy(1L << Math.min(3, fallbacks - 1));
    }

    @SuppressWarnings("unchecked")
    private <T> T measured(Candidate candidate, T answer, long elapsedNanos) {
        if (answer instanceof ChunkStream stream) {
            return (T) new MeasuredChunkStream(
                    stream, (tokens, nanos) -> health.generated(candidate.providerId(), tokens, nanos));
        }
        if (answer instanceof ObjectNode body) {
            JsonNode tokens = body.path("usage").path("completion_tokens");
            if (tokens.isNumber()) health.generated(candidate.providerId(), tokens.asLong(), elapsedNanos);
        }
        return answer;
    }

    private static void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) return;
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The number of upstream calls a request made, answered in {@value #ATTEMPTS_HEADER}. */
    private static final class Attempts {
        int count;

        void report() {
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                    && attributes.getResponse() != null
                    && !attributes.getResponse().isCommitted()) {
                attributes.getResponse().setHeader(ATTEMPTS_HEADER, Integer.toString(count));
            }
        }
    }
}
