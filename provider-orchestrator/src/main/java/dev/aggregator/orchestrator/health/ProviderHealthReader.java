package dev.aggregator.orchestrator.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the providers' health as the proxy instances publish it in Redis: one hash per provider,
 * {@code aggregator:health:<provider id>:summary} with {@code status} ({@code healthy},
 * {@code degraded}, {@code down}), {@code latency_p50_ms}, {@code throughput_tokens_per_s} (either
 * absent without calls in the last 5 minutes) and {@code updated_at} (epoch ms), rewritten every
 * few seconds while a proxy knows the provider. A provider without a summary has not been called
 * recently: healthy, figures unknown.
 */
@Component
public class ProviderHealthReader {

    private static final Logger log = LoggerFactory.getLogger(ProviderHealthReader.class);

    /** The key the proxy writes; the one contract between the two services' health code. */
    public static String summaryKey(UUID providerId) {
        return "aggregator:health:" + providerId + ":summary";
    }

    /** One provider's figures over the last 5 minutes. */
    public record Health(String status, Long latencyP50Ms, Double throughputTokensPerS) {

        public static final Health UNKNOWN = new Health("healthy", null, null);
    }

    private final StringRedisTemplate redis;

    ProviderHealthReader(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Every requested provider, {@link Health#UNKNOWN} when Redis has nothing (or cannot answer). */
    public Map<UUID, Health> read(Collection<UUID> providerIds) {
        var ids = new ArrayList<>(providerIds);
        var result = new HashMap<UUID, Health>();
        ids.forEach(id -> result.put(id, Health.UNKNOWN));
        if (ids.isEmpty()) return result;
        List<Object> hashes;
        try {
            hashes = redis.executePipelined((RedisCallback<Object>) connection -> {
                for (UUID id : ids)
                    connection.hashCommands().hGetAll(summaryKey(id).getBytes());
                return null;
            });
        } catch (DataAccessException e) {
            log.warn("Provider health unavailable: {}", e.getMessage());
            return result;
        }
        for (int i = 0; i < ids.size(); i++) {
            if (hashes.get(i) instanceof Map<?, ?> fields && !fields.isEmpty()) {
                result.put(ids.get(i), parse(fields));
            }
        }
        return result;
    }

    /**
     * Which of these pool keys rest for every proxy instance right now (a provider answered them
     * 401/403/429): the proxies write {@code aggregator:keyrest:<key id>}, expiring with the rest.
     * Empty when Redis cannot answer.
     */
    public Set<UUID> restingKeys(Collection<UUID> keyIds) {
        var ids = new ArrayList<>(keyIds);
        if (ids.isEmpty()) return Set.of();
        try {
            List<Object> exists = redis.executePipelined((RedisCallback<Object>) connection -> {
                for (UUID id : ids) connection.keyCommands().exists(("aggregator:keyrest:" + id).getBytes());
                return null;
            });
            var resting = new HashSet<UUID>();
            for (int i = 0; i < ids.size(); i++) {
                if (Boolean.TRUE.equals(exists.get(i))) resting.add(ids.get(i));
            }
            return resting;
        } catch (DataAccessException e) {
            log.warn("Key rests unavailable: {}", e.getMessage());
            return Set.of();
        }
    }

    private static Health parse(Map<?, ?> fields) {
        String status = String.valueOf(fields.get("status"));
        if (!status.equals("healthy") && !status.equals("degraded") && !status.equals("down")) status = "healthy";
        return new Health(
                status, asLong(fields.get("latency_p50_ms")), asDouble(fields.get("throughput_tokens_per_s")));
    }

    private static Long asLong(Object value) {
        try {
            return value == null ? null : Long.valueOf(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double asDouble(Object value) {
        try {
            return value == null ? null : Double.valueOf(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
