package dev.aggregator.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import dev.aggregator.gateway.support.GatewayTestSupport;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Large limits are counted in blocks taken from Redis: two gateway instances (two counters on the
 * same Redis) never admit more than the limit together, and a used-up window costs Redis nothing.
 */
class BlockCountingTests extends GatewayTestSupport {

    private static final int LIMIT = 1_000; // blocks of 10

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    AggregatorGatewayProperties properties;

    private FixedWindowCounter first;
    private FixedWindowCounter second;
    private final String subject = "block-test:" + UUID.randomUUID();

    @BeforeEach
    void twoInstancesNotAtTheEndOfAWindow() throws InterruptedException {
        long intoMinute = Instant.now().toEpochMilli() % 60_000;
        if (intoMinute > 50_000) Thread.sleep(60_000 - intoMinute + 100);
        first = new FixedWindowCounter(redis, Clock.systemUTC(), properties);
        second = new FixedWindowCounter(redis, Clock.systemUTC(), properties);
    }

    @Test
    void eachInstanceCountsWithinItsOwnBlock() {
        assertThat(count(first).used()).isEqualTo(1);
        assertThat(count(first).used()).isEqualTo(2);
        // The second instance takes the next block: counts 11 to 20.
        assertThat(count(second).used()).isEqualTo(11);
        assertThat(count(second).remaining()).isEqualTo(LIMIT - 12);
        assertThat(redisCount()).isEqualTo(20);
    }

    @Test
    void twoInstancesTogetherNeverAdmitMoreThanTheLimitAndAUsedUpWindowStopsAskingRedis() {
        int admitted = 0;
        for (int i = 0; i < 1_300; i++) {
            if (!count(i % 3 == 0 ? second : first).exceeded()) admitted++;
        }
        assertThat(admitted).isLessThanOrEqualTo(LIMIT).isGreaterThanOrEqualTo(LIMIT - 10);
        long counted = redisCount();
        for (int i = 0; i < 50; i++) {
            assertThat(count(first).exceeded()).isTrue();
            assertThat(count(second).exceeded()).isTrue();
        }
        assertThat(redisCount()).isEqualTo(counted);
    }

    @Test
    void smallLimitsAreCountedExactlyInRedis() {
        for (int used = 1; used <= 3; used++) {
            var usage = first.count(subject, FixedWindowCounter.BLOCKS_FROM - 1)
                    .block()
                    .orElseThrow();
            assertThat(usage.used()).isEqualTo(used);
        }
        assertThat(redisCount()).isEqualTo(3);
    }

    private WindowUsage count(FixedWindowCounter counter) {
        Optional<WindowUsage> usage = counter.count(subject, LIMIT).block();
        assertThat(usage).isPresent();
        return usage.get();
    }

    private long redisCount() {
        long window = Instant.now().toEpochMilli() / 60_000;
        String value = redis.opsForValue()
                .get(properties.redisKeyPrefix() + ":rate:" + subject + ":" + window)
                .block();
        return Long.parseLong(value);
    }
}
