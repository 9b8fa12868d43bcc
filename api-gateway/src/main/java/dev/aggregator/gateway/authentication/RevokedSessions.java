package dev.aggregator.gateway.authentication;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/**
 * The sessions (access-token {@code sid}s) that ended while their access tokens may still be
 * unexpired, in memory on each instance. A session is remembered for {@code retention}, which
 * must exceed the access tokens' lifetime plus the allowed clock skew: after that every token it
 * was issued has expired anyway.
 */
class RevokedSessions {

    private static final long MAX_REMEMBERED = 1_000_000;

    private final Cache<UUID, Boolean> revoked;

    RevokedSessions(Duration retention) {
        this.revoked = Caffeine.newBuilder()
                .expireAfterWrite(retention)
                .maximumSize(MAX_REMEMBERED)
                .build();
    }

    void revoke(Collection<UUID> sessionIds) {
        sessionIds.forEach(id -> revoked.put(id, Boolean.TRUE));
    }

    boolean isRevoked(UUID sessionId) {
        return revoked.getIfPresent(sessionId) != null;
    }
}
