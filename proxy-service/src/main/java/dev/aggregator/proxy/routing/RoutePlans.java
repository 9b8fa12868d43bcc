package dev.aggregator.proxy.routing;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aggregator.proxy.config.ProxyProperties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;

/**
 * Route plans, cached in memory per (company, model, override). The TTL bounds how stale a plan
 * can be; {@code catalog.changed} and {@code preferences.changed} evict sooner. Concurrent misses
 * for one key share a single orchestrator call; a failed load is not cached.
 */
@Component
public class RoutePlans {

    record Key(UUID companyId, String model, ProviderOverride override) {}

    private final RoutePlanClient client;
    private final RouteOrder order;
    private final AsyncCache<Key, RoutePlan> cache;

    RoutePlans(RoutePlanClient client, RouteOrder order, ProxyProperties properties) {
        this.client = client;
        this.order = order;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.routePlanCacheTtl())
                .maximumSize(100_000)
                .buildAsync();
    }

    /**
     * The plan, its candidates in this request's order ({@link RouteOrder}), or an OpenAI 404 for an
     * unknown model, or 503 when the orchestrator cannot answer.
     */
    public RoutePlan get(UUID companyId, String model, ProviderOverride override) {
        return order.apply(cached(companyId, model, override));
    }

    private RoutePlan cached(UUID companyId, String model, ProviderOverride override) {
        var key = new Key(companyId, model, override);
        // The load runs on the caller's (virtual) thread, outside the cache's locks; whoever
        // arrives while it is in flight waits for the same future.
        var mine = new CompletableFuture<RoutePlan>();
        var shared = cache.get(key, (k, executor) -> mine);
        if (shared == mine) {
            try {
                mine.complete(client.fetch(companyId, model, override));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            return shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    void evictAll() {
        cache.synchronous().invalidateAll();
    }

    void evictModel(String model) {
        cache.asMap().keySet().removeIf(key -> key.model().equals(model));
    }

    void evictCompany(UUID companyId, String model) {
        cache.asMap()
                .keySet()
                .removeIf(key -> key.companyId().equals(companyId)
                        && (model == null || key.model().equals(model)));
    }

    /** For the eviction tests, which must not depend on a running orchestrator. */
    AsyncCache<Key, RoutePlan> cache() {
        return cache;
    }
}
