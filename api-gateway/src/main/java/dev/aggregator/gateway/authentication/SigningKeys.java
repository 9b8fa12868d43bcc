package dev.aggregator.gateway.authentication;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * auth-service's public signing keys by {@code kid}. Fetched at startup and again when a token
 * names a key the gateway has not seen (a key rotation), at most once per refresh interval so
 * that tokens with made-up key ids cannot turn into a flood of fetches. Concurrent refreshes
 * share one fetch.
 */
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final class Fetch {
        final Instant startedAt;
        final Mono<Void> done;

        Fetch(Instant startedAt) {
            this.startedAt = startedAt;
            this.done = authService
                    .fetchJwks()
                    .doOnNext(SigningKeys.this::replaceKeys)
                    // A failed fetch does not hold the next one back: the caller got a 503, not an answer.
                    .doOnError(error -> lastFetch.compareAndSet(this, null))
                    .then()
                    .cache();
        }
    }

    private final AuthServiceClient authService;
    private final Clock clock;
    private final Duration refreshInterval;
    private final AtomicReference<Fetch> lastFetch = new AtomicReference<>();
    private volatile Map<String, PublicKey> keys = Map.of();

    SigningKeys(AuthServiceClient authService, Clock clock, Duration refreshInterval) {
        this.authService = authService;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    PublicKey find(String kid) {
        return kid == null ? null : keys.get(kid);
    }

    /** Fetches the key set again, unless the last fetch started less than the interval ago. */
    Mono<Void> refresh() {
        return Mono.defer(() -> {
            var now = clock.instant();
            var previous = lastFetch.get();
            if (previous != null && now.isBefore(previous.startedAt.plus(refreshInterval))) return previous.done;
            var next = new Fetch(now);
            return lastFetch.compareAndSet(previous, next) ? next.done : lastFetch.get().done;
        });
    }

    private void replaceKeys(String jwksJson) {
        var fetched = Jwks.setParser().build().parse(jwksJson).getKeys().stream()
                .filter(jwk -> jwk.getId() != null && jwk.toKey() instanceof PublicKey)
                .filter(jwk -> !"enc".equals(jwk.get("use")))
                .collect(Collectors.toUnmodifiableMap(Jwk::getId, jwk -> (PublicKey) jwk.toKey()));
        keys = fetched;
        log.info("Loaded {} access-token signing key(s) from auth-service", fetched.size());
    }
}
