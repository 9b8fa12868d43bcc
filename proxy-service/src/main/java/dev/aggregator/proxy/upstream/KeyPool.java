package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.PoolKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Spreads a provider's requests over its keys in proportion to their weights, leaving out a key
 * that is resting: one a provider answered 401, 403 or 429 rests for its {@code Retry-After} (else
 * {@link #DEFAULT_REST}) while the others carry the load. A rest applies on this instance at once
 * and on every other within a second (shared through {@link ProviderHealth}).
 */
@Component
class KeyPool {

    private final ProviderHealth shared;

    KeyPool(ProviderHealth shared) {
        this.shared = shared;
    }

    static final Duration DEFAULT_REST = Duration.ofSeconds(60);

    /** A key's identity: its id, or (for a plan without a pool) the provider and the key itself. */
    private final Map<Object, Long> restingUntil = new ConcurrentHashMap<>();

    /**
     * A key to call with, drawn by weight among the resting-free ones; null when the provider has
     * keys and all are resting. A candidate without keys gets a key-less {@link PoolKey}.
     *
     * @param except a key not to draw (the one that just failed), when another is free
     */
    PoolKey pick(Candidate candidate, PoolKey except) {
        var pool = candidate.pool();
        if (pool.isEmpty()) return new PoolKey(null, null, 1);
        long now = System.nanoTime();
        var free = new ArrayList<PoolKey>(pool.size());
        int total = 0;
        for (PoolKey key : pool) {
            Long until = restingUntil.get(identity(candidate, key));
            if (until != null && until - now > 0) continue;
            if (key.id() != null && shared.keyRestedUntil(key.id()) > System.currentTimeMillis()) continue;
            if (until != null) restingUntil.remove(identity(candidate, key), until);
            if (key.equals(except) && pool.size() > 1) continue;
            free.add(key);
            total += key.weight();
        }
        if (free.isEmpty()) return null;
        if (free.size() == 1) return free.getFirst();
        int draw = ThreadLocalRandom.current().nextInt(total);
        for (PoolKey key : free) {
            draw -= key.weight();
            if (draw < 0) return key;
        }
        return free.getLast();
    }

    /** Whether another key than {@code key} could be used right now. */
    boolean hasOther(Candidate candidate, PoolKey key) {
        PoolKey other = pick(candidate, key);
        return other != null && !other.equals(key);
    }

    void rest(Candidate candidate, PoolKey key, Duration retryAfter) {
        if (key.apiKey() == null) return;
        Duration rest = retryAfter == null || retryAfter.isZero() ? DEFAULT_REST : retryAfter;
        restingUntil.put(identity(candidate, key), System.nanoTime() + rest.toNanos());
        if (key.id() != null) shared.restKey(key.id(), rest);
    }

    private static Object identity(Candidate candidate, PoolKey key) {
        return key.id() != null ? key.id() : Map.entry(candidate.providerId(), key.apiKey());
    }
}
