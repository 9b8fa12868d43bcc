package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tries the candidates in order until one answers. Only the provider's faults (connect failures,
 * timeouts, 5xx, 429, 408, bad credentials) move on to the next candidate; a request the provider
 * rejects as invalid is the client's fault and ends here. Each provider has a circuit breaker
 * (named by its id): an open breaker skips the provider, except for the last candidate, which is
 * always tried so that a request is never refused on a breaker's word alone. A provider that
 * failed after answering 2xx (its body timed out or broke off) ends the request too: it has
 * likely billed us already, and the next one would bill again.
 *
 * <p>Everything here happens before a byte reaches the client: adapters return a stream only
 * once its first chunk has arrived.
 */
@Component
public class CandidateRouter {

    private static final Logger log = LoggerFactory.getLogger(CandidateRouter.class);

    private final CircuitBreakerRegistry breakers;

    CandidateRouter(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    /**
     * @throws RequestRejected when a provider refused the request as invalid; not retried
     * @throws ProvidersExhausted when no candidate answered, or one failed after answering 2xx
     */
    public <T> Served<T> call(String requestId, List<Candidate> candidates, Function<Candidate, T> attempt) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidate to call");
        UpstreamFailure lastFailure = null;
        Candidate lastTried = null;
        int tried = 0;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            CircuitBreaker breaker =
                    breakers.circuitBreaker(candidate.providerId().toString());
            boolean permitted = breaker.tryAcquirePermission();
            boolean last = i == candidates.size() - 1;
            if (!permitted && !last) {
                log.info("Skipping provider {} for request {}: circuit open", candidate.providerName(), requestId);
                continue;
            }
            tried++;
            lastTried = candidate;
            long start = System.nanoTime();
            try {
                T answer = attempt.apply(candidate);
                if (permitted) breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return new Served<>(candidate, answer);
            } catch (UpstreamFailure failure) {
                long elapsed = System.nanoTime() - start;
                if (!failure.providerFault()) {
                    // The provider did its job: it refused an invalid request.
                    log.info(
                            "Provider {} rejected request {} as invalid (status {})",
                            candidate.providerName(),
                            requestId,
                            failure.status());
                    if (permitted) breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    throw new RequestRejected(candidate, failure);
                }
                log.warn(
                        "Provider {} failed for request {}: {} (status {})",
                        candidate.providerName(),
                        requestId,
                        failure.kind(),
                        failure.status());
                if (permitted) breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
                if (failure.answered()) throw new ProvidersExhausted(candidate, failure, tried);
                lastFailure = failure;
            } catch (RuntimeException e) {
                if (permitted) breaker.releasePermission();
                throw e;
            }
        }
        throw new ProvidersExhausted(lastTried, lastFailure, tried);
    }
}
