package dev.aggregator.gateway.ratelimit;

import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Counts requests per subject in fixed one-minute windows, shared by every gateway instance
 * through Redis in one round trip: the script increments the window's counter and, on its first
 * hit, lets it expire with the window.
 *
 * <p>When Redis cannot answer in time the request is not counted and passes: the gateway prefers
 * serving traffic without a limit over refusing all of it, and says so in the log once a minute.
 */
@Component
class FixedWindowCounter {

    private static final Logger log = LoggerFactory.getLogger(FixedWindowCounter.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final RedisScript<Long> INCREMENT = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return count
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final String keyPrefix;
    private final Duration timeout;
    private final AtomicLong nextWarningAt = new AtomicLong();

    FixedWindowCounter(ReactiveStringRedisTemplate redis, Clock clock, AggregatorGatewayProperties properties) {
        this.redis = redis;
        this.clock = clock;
        this.keyPrefix = properties.redisKeyPrefix();
        this.timeout = properties.rateLimitTimeout();
    }

    /** Counts one request; empty when Redis could not count it. */
    Mono<Optional<WindowUsage>> count(String subject, int limit) {
        Instant now = clock.instant();
        long window = now.toEpochMilli() / WINDOW.toMillis();
        var untilReset = Duration.ofMillis((window + 1) * WINDOW.toMillis() - now.toEpochMilli());
        String key = keyPrefix + ":rate:" + subject + ":" + window;
        return redis.execute(INCREMENT, List.of(key), List.of(Long.toString(WINDOW.toMillis())))
                .next()
                .timeout(timeout)
                .map(used -> Optional.of(new WindowUsage(limit, used, untilReset)))
                .onErrorResume(error -> {
                    warnAtMostOncePerMinute(error);
                    return Mono.just(Optional.empty());
                });
    }

    private void warnAtMostOncePerMinute(Throwable error) {
        long now = clock.millis();
        long next = nextWarningAt.get();
        if (now >= next && nextWarningAt.compareAndSet(next, now + WINDOW.toMillis())) {
            log.warn("Redis is unavailable, requests pass without a rate limit until it is back: {}", error.toString());
        }
    }
}
