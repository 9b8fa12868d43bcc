package dev.aggregator.gateway.health;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /health}: UP when Redis (rate limits) and RabbitMQ (key revocations) answer. Both
 * are checked concurrently and within a bound, never on the event loop's time.
 */
@RestController
@Tag(name = "Health")
class HealthController {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveStringRedisTemplate redis;
    private final ConnectionFactory rabbit;

    HealthController(ReactiveStringRedisTemplate redis, ConnectionFactory rabbit) {
        this.redis = redis;
        this.rabbit = rabbit;
    }

    @GetMapping("/health")
    @Operation(summary = "Whether the gateway can serve: Redis and RabbitMQ reachable")
    Mono<ResponseEntity<Map<String, String>>> health() {
        return Mono.zip(redisUp(), rabbitUp(), Boolean::logicalAnd)
                .map(up -> ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .body(Map.of("status", up ? "UP" : "DOWN")));
    }

    private Mono<Boolean> redisUp() {
        return redis.execute(connection -> connection.ping())
                .next()
                .map("PONG"::equalsIgnoreCase)
                .timeout(CHECK_TIMEOUT)
                .onErrorReturn(false);
    }

    /** The AMQP client blocks while it connects, so the check runs off the event loop. */
    private Mono<Boolean> rabbitUp() {
        return Mono.fromCallable(() -> {
                    try (var connection = rabbit.createConnection()) {
                        return connection.isOpen();
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(CHECK_TIMEOUT)
                .onErrorReturn(false);
    }
}
