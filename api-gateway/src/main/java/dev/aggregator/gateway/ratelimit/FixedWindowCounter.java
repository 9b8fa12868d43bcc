package dev.aggregator.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * through Redis: the script adds to the window's counter and, on its first hit, lets it expire
 * with the window.
 *
 * <p>A limit under 200 a minute is counted exactly, one round trip per request. A larger one is
 * counted in blocks of 1 % of the limit (at most 100): one round trip takes a block of the window
 * for this instance, whose requests are then counted in memory. The sum over instances never
 * exceeds the limit; a block taken but not used by the window's end is what another instance may
 * have been refused, at most one block per other instance. A window used up is refused in memory
 * until it ends, so a flood over the limit costs Redis nothing.
 *
 * <p>When Redis cannot answer in time the request is not counted and passes: the gateway prefers
 * serving traffic without a limit over refusing all of it, and says so in the log once a minute.
 */
@Component
class FixedWindowCounter {

    private static final Logger log = LoggerFactory.getLogger(FixedWindowCounter.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final RedisScript<Long> INCREMENT = RedisScript.of("""
            local count = redis.call('INCRBY', KEYS[1], ARGV[2])
            if count == tonumber(ARGV[2]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return count
            """, Long.class);
    /** Limits from this size up are counted in blocks. */
    static final int BLOCKS_FROM = 200;

    /** Each subject's block of the current window on this instance; idle subjects are let go. */
    private final Cache<String, Allowance> allowances =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();

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
        if (limit < BLOCKS_FROM) {
            return take(subject, window, 1)
                    .map(used -> Optional.of(new WindowUsage(limit, used, untilReset)))
                    .defaultIfEmpty(Optional.empty());
        }
        var allowance = allowances.get(subject, ignored -> new Allowance());
        Mono<Long> refill;
        synchronized (allowance) {
            long used = allowance.next(window, limit);
            if (used > 0) return Mono.just(Optional.of(new WindowUsage(limit, used, untilReset)));
            if (allowance.refill == null) {
                int block = Math.min(100, limit / 100);
                // The block is granted before its waiters see it, and the refill forgotten then,
                // so that waiters left without a count start the next refill, not this one again.
                allowance.refill = take(subject, window, block)
                        .doOnNext(total -> allowance.granted(window, total, block, limit))
                        .doOnTerminate(allowance::refilled)
                        .cache();
            }
            refill = allowance.refill;
        }
        // Counted again once the block is in; Redis down means "not counted", as for exact limits.
        return refill.flatMap(taken -> count(subject, limit)).defaultIfEmpty(Optional.empty());
    }

    /** Adds {@code amount} to the window's counter: the new total, or empty when Redis failed. */
    private Mono<Long> take(String subject, long window, int amount) {
        String key = keyPrefix + ":rate:" + subject + ":" + window;
        return redis.execute(
                        INCREMENT, List.of(key), List.of(Long.toString(WINDOW.toMillis()), Integer.toString(amount)))
                .next()
                .timeout(timeout)
                .onErrorResume(error -> {
                    warnAtMostOncePerMinute(error);
                    return Mono.empty();
                });
    }

    /**
     * One subject's block of one window on this instance: the window's counts {@code [next, end]}
     * are this instance's to give. Guarded by its own monitor.
     */
    private static final class Allowance {

        private long window = -1;
        private long next = 1;
        private long end;
        private boolean usedUp;
        private Mono<Long> refill;

        /**
         * The request's count in the window (over the limit when the window is used up), or 0 when
         * a new block is needed.
         */
        long next(long current, int limit) {
            if (window != current) {
                window = current;
                next = 1;
                end = 0;
                usedUp = false;
            }
            if (next <= end) return next++;
            return usedUp ? limit + 1L : 0;
        }

        /** Redis counted up to {@code total} with this block: its counts are this instance's. */
        synchronized void granted(long forWindow, long total, int block, int limit) {
            refill = null;
            if (forWindow != window) return; // answered after the window ended
            next = total - block + 1;
            end = total;
            usedUp = total >= limit;
        }

        synchronized void refilled() {
            refill = null;
        }
    }

    private void warnAtMostOncePerMinute(Throwable error) {
        long now = clock.millis();
        long next = nextWarningAt.get();
        if (now >= next && nextWarningAt.compareAndSet(next, now + WINDOW.toMillis())) {
            log.warn("Redis is unavailable, requests pass without a rate limit until it is back: {}", error.toString());
        }
    }
}
