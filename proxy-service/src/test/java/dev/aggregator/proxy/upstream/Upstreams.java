package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.config.ProxyProperties;
import dev.aggregator.proxy.health.HealthProperties;
import dev.aggregator.proxy.health.ProviderHealth;
import dev.aggregator.proxy.metrics.ProxyMetrics;
import dev.aggregator.proxy.testsupport.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The upstream side wired by hand, as the Spring configuration wires it, for tests without a context. */
final class Upstreams {

    static final ProxyProperties PROPERTIES = new ProxyProperties(
            URI.create("http://127.0.0.1:1"),
            URI.create("http://127.0.0.1:1"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            4096);

    static final CloseableHttpClient CLIENT = UpstreamClient.create(PROPERTIES);

    private Upstreams() {}

    static OpenAiWireAdapter openAiWire() {
        return new OpenAiWireAdapter(http());
    }

    static UpstreamHttp http() {
        return new UpstreamHttp(CLIENT, Json.MAPPER, PROPERTIES);
    }

    /** Quick to mark down (3 failures) and to probe (after 1 s); flushed and refreshed by hand or soon. */
    static final HealthProperties HEALTH = new HealthProperties(
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMinutes(5),
            0.05);

    static final RetryProperties RETRY = new RetryProperties(Duration.ofSeconds(2), Duration.ofMillis(5));

    private static StringRedisTemplate redis;

    /** One proxy instance's view of the health every instance shares, in the local Redis. */
    static ProviderHealth health() {
        return new ProviderHealth(redis(), HEALTH, new SimpleMeterRegistry());
    }

    static synchronized StringRedisTemplate redis() {
        if (redis == null) {
            var factory = new LettuceConnectionFactory("127.0.0.1", 6379);
            factory.afterPropertiesSet();
            factory.start();
            redis = new StringRedisTemplate(factory);
        }
        return redis;
    }

    static CandidateRouter router(CircuitBreakerRegistry breakers, ProviderHealth health) {
        return new CandidateRouter(
                breakers,
                health,
                new KeyPool(health),
                RETRY,
                new ProxyMetrics(new SimpleMeterRegistry()),
                Optional.empty());
    }
}
