package dev.aggregator.gateway.authentication;

import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.identity.ServiceTokens;
import dev.aggregator.gateway.errors.GatewayException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * auth-service's two internal endpoints, called with the gateway's service identity. Any
 * failure to get an answer (down, slow, circuit open) is a 503 for the caller: the gateway
 * cannot tell whether the credentials are good. The circuit breaker ({@code auth-service}) makes
 * those 503s immediate while auth-service is down, instead of each cache miss waiting for a
 * timeout.
 */
class AuthServiceClient {

    private static final Logger log = LoggerFactory.getLogger(AuthServiceClient.class);

    private record VerifyRequest(String key) {}

    private final WebClient webClient;
    private final ServiceTokens serviceTokens;
    private final CircuitBreaker circuitBreaker;

    AuthServiceClient(WebClient webClient, ServiceTokens serviceTokens, CircuitBreaker circuitBreaker) {
        this.webClient = webClient;
        this.serviceTokens = serviceTokens;
        this.circuitBreaker = circuitBreaker;
    }

    /** The key's grant; empty when auth-service does not know it (unknown, revoked or expired). */
    Mono<Optional<ApiKeyGrant>> verifyApiKey(String apiKey) {
        var call = Mono.defer(() -> webClient
                .post()
                .uri("/internal/api-keys/verify")
                .header(InternalTokens.HEADER, serviceTokens.current())
                .bodyValue(new VerifyRequest(apiKey))
                .exchangeToMono(response -> {
                    if (response.statusCode().isSameCodeAs(HttpStatus.OK)) {
                        return response.bodyToMono(ApiKeyGrant.class)
                                .map(Optional::of)
                                .switchIfEmpty(Mono.error(() -> new IllegalStateException("empty verify answer")));
                    }
                    // 400 (a key auth-service refuses to look up) is as unknown as 404, and not a
                    // failure of auth-service: it must not count against the circuit breaker.
                    if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)
                            || response.statusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
                        return response.releaseBody().thenReturn(Optional.<ApiKeyGrant>empty());
                    }
                    return response.createError();
                }));
        return call.transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .onErrorMap(error -> unavailable("verify an API key", error));
    }

    /** The JWK set that signs access tokens, as JSON. */
    Mono<String> fetchJwks() {
        var call = Mono.defer(() -> webClient
                .get()
                .uri("/internal/jwks")
                .header(InternalTokens.HEADER, serviceTokens.current())
                .retrieve()
                .bodyToMono(String.class));
        return call.transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .onErrorMap(error -> unavailable("fetch the JWK set", error));
    }

    private static GatewayException unavailable(String action, Throwable error) {
        log.warn("Could not {} with auth-service: {}", action, error.toString());
        return GatewayException.serviceUnavailable("Credentials cannot be checked right now. Please retry shortly.");
    }
}
