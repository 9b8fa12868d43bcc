package dev.aggregator.common.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * This service's own identity for calls to a peer's {@code /internal/**} endpoints. The token is
 * reused until half its lifetime has passed, so signing stays off the hot path.
 */
public class ServiceTokens {

    private record Cached(String token, Instant refreshAfter) {}

    private final InternalTokens tokens;
    private final Identity self;
    private final Clock clock;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    public ServiceTokens(InternalTokens tokens, String serviceName, Clock clock) {
        this.tokens = tokens;
        this.self = Identity.service(serviceName);
        this.clock = clock;
    }

    public String current() {
        var now = clock.instant();
        var entry = cached.get();
        if (entry == null || now.isAfter(entry.refreshAfter())) {
            entry = new Cached(tokens.mint(self), now.plus(tokens.ttl().dividedBy(2)));
            cached.set(entry);
        }
        return entry.token();
    }

    /** For a {@code RestClient.Builder#requestInterceptor}: adds this service's identity header. */
    public ClientHttpRequestInterceptor interceptor() {
        return (request, body, execution) -> {
            request.getHeaders().set(InternalTokens.HEADER, current());
            return execution.execute(request, body);
        };
    }
}
