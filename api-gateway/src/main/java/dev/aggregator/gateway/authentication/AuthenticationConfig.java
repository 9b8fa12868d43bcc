package dev.aggregator.gateway.authentication;

import dev.aggregator.common.events.ApiKeyChanged;
import dev.aggregator.common.events.ApiKeyRevoked;
import dev.aggregator.common.events.EventQueues;
import dev.aggregator.common.events.SessionsRevoked;
import dev.aggregator.common.identity.ServiceTokens;
import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/** Wiring of authentication: the auth-service client, the caches and the revocation queue. */
@Configuration(proxyBeanMethods = false)
class AuthenticationConfig {

    static final String AUTH_SERVICE = "auth-service";

    @Bean
    AuthServiceClient authServiceClient(
            AggregatorGatewayProperties properties,
            JsonMapper jsonMapper,
            ServiceTokens serviceTokens,
            CircuitBreakerRegistry circuitBreakers) {
        var settings = properties.authClient();
        // Idle connections retire before the service's keep-alive timeout (Tomcat: 20 s) can close
        // them under a request.
        var connections = ConnectionProvider.builder(AUTH_SERVICE)
                .maxIdleTime(Duration.ofSeconds(15))
                .build();
        var httpClient = HttpClient.create(connections)
                .option(
                        ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        Math.toIntExact(settings.connectTimeout().toMillis()))
                .responseTimeout(settings.responseTimeout());
        var webClient = WebClient.builder()
                .baseUrl(properties.services().auth().toString())
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .codecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(jsonMapper));
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(jsonMapper));
                })
                .build();
        return new AuthServiceClient(webClient, serviceTokens, circuitBreakers.circuitBreaker(AUTH_SERVICE));
    }

    @Bean
    ApiKeyVerifier apiKeyVerifier(AuthServiceClient authService, AggregatorGatewayProperties properties) {
        return new ApiKeyVerifier(authService, properties.authClient());
    }

    @Bean
    SigningKeys signingKeys(AuthServiceClient authService, Clock clock, AggregatorGatewayProperties properties) {
        return new SigningKeys(authService, clock, properties.authClient().jwksRefreshInterval());
    }

    /** The first signed-in request should not wait for the key set; if auth-service is not up yet, it will. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> signingKeysWarmUp(SigningKeys keys) {
        // A failure is already logged by AuthServiceClient; the first access token retries.
        return event -> keys.refresh().subscribe(null, error -> {});
    }

    @Bean
    RevokedSessions revokedSessions(RevokedSessionsProperties properties) {
        return new RevokedSessions(properties.retention());
    }

    @Bean
    AccessTokenVerifier accessTokenVerifier(SigningKeys keys, RevokedSessions revokedSessions, Clock clock) {
        return new AccessTokenVerifier(keys, revokedSessions, clock);
    }

    @Bean
    AuthenticationFilter authenticationFilter(ApiKeyVerifier apiKeys, AccessTokenVerifier accessTokens) {
        return new AuthenticationFilter(apiKeys, accessTokens);
    }

    /** This instance's own queue: every gateway instance must evict a revoked or changed key. */
    @Bean
    Queue apiKeyRevocationQueue() {
        return EventQueues.instanceQueue("api-gateway");
    }

    @Bean
    Declarables apiKeyRevocationBindings(EventQueues eventQueues, Queue apiKeyRevocationQueue) {
        return eventQueues.broadcast(apiKeyRevocationQueue, ApiKeyRevoked.TYPE, ApiKeyChanged.TYPE);
    }

    @Bean
    ApiKeyRevocationListener apiKeyRevocationListener(ApiKeyVerifier verifier) {
        return new ApiKeyRevocationListener(verifier);
    }

    /** This instance's own queue: every gateway instance must refuse an ended session's tokens. */
    @Bean
    Queue sessionRevocationQueue() {
        return EventQueues.instanceQueue("api-gateway.sessions");
    }

    @Bean
    Declarables sessionRevocationBindings(EventQueues eventQueues, Queue sessionRevocationQueue) {
        return eventQueues.broadcast(sessionRevocationQueue, SessionsRevoked.TYPE);
    }

    @Bean
    SessionRevocationListener sessionRevocationListener(RevokedSessions revokedSessions) {
        return new SessionRevocationListener(revokedSessions);
    }
}
