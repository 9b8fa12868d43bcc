package dev.aggregator.gateway.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

class UnknownApiKeyFloodTests extends GatewayTestSupport {

    @Autowired
    private CircuitBreakerRegistry circuitBreakers;

    @Test
    void aFloodOfUnknownKeysIsRefusedAskingAuthOncePerKeyAndNeverOpensTheBreaker() {
        var valid = apiKeyWithAllScopes();
        List<String> unknown =
                IntStream.range(0, 100).mapToObj(i -> wellFormedKey()).toList();
        // A client of its own: connections other tests left behind do not slow this one down.
        var webClient = WebClient.builder()
                .baseUrl(baseUrl())
                .clientConnector(
                        new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.create("flood", 16))))
                .build();

        // Every unknown key three times, a few at once: far more than the breaker's window of 20.
        var statuses = Flux.fromIterable(unknown)
                .concatMap(key -> Flux.just(key, key, key))
                .flatMap(
                        key -> webClient
                                .get()
                                .uri("/v1/models")
                                .header("Authorization", "Bearer " + key)
                                .exchangeToMono(response -> response.releaseBody()
                                        .thenReturn(response.statusCode().value()))
                                // An exchange that gets no answer counts as -1: Reactor Netty
                                // once stopped reading a reused connection after a queued request
                                // was answered from memory (KeepAliveTests), about one flood in
                                // three.
                                .timeout(Duration.ofSeconds(10))
                                .onErrorReturn(-1),
                        4)
                .collectList()
                .block(Duration.ofSeconds(120));

        assertThat(statuses).hasSize(300).containsOnly(401);
        assertThat(unknown).allSatisfy(key -> assertThat(stubs.verifyCalls(key)).isLessThanOrEqualTo(1));
        assertThat(circuitBreakers
                        .circuitBreaker(AuthenticationConfig.AUTH_SERVICE)
                        .getState())
                .isEqualTo(CircuitBreaker.State.CLOSED);
        client.get()
                .uri("/v1/models")
                .header("Authorization", valid.bearer())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anUnknownKeyIsRememberedForHalfAMinuteNotAFewSeconds() throws InterruptedException {
        String unknown = wellFormedKey();
        for (int attempt = 0; attempt < 2; attempt++) {
            client.get()
                    .uri("/v1/models")
                    .header("Authorization", "Bearer " + unknown)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            if (attempt == 0) Thread.sleep(6_000);
        }

        assertThat(stubs.verifyCalls(unknown)).isEqualTo(1);
    }

    @Test
    void aKeyCreatedAfterAnotherKeyWasRefusedStillWorks() {
        String refused = wellFormedKey();
        client.get()
                .uri("/v1/models")
                .header("Authorization", "Bearer " + refused)
                .exchange()
                .expectStatus()
                .isUnauthorized();

        var created = apiKeyWithAllScopes();

        client.get()
                .uri("/v1/models")
                .header("Authorization", created.bearer())
                .exchange()
                .expectStatus()
                .isOk();
    }
}
