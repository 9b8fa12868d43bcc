package dev.aggregator.gateway.authentication;

import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.errors.GatewayException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns {@code Authorization: Bearer <token>} into a {@link Caller}: an {@code sk-agg-} token is
 * an API key, anything else an access token. Public endpoints pass without one.
 */
class AuthenticationFilter implements GlobalFilter, Ordered {

    private static final String BEARER = "Bearer ";
    static final String SESSION_HEADER = "X-Aggregator-Session";

    private final ApiKeyVerifier apiKeys;
    private final AccessTokenVerifier accessTokens;

    AuthenticationFilter(ApiKeyVerifier apiKeys, AccessTokenVerifier accessTokens) {
        this.apiKeys = apiKeys;
        this.accessTokens = accessTokens;
    }

    @Override
    public int getOrder() {
        return FilterOrder.AUTHENTICATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        var request = exchange.getRequest();
        if (PublicEndpoints.matches(request)) return chain.filter(exchange);
        String token = bearerToken(request);
        if (token == null) {
            return Mono.error(GatewayException.unauthenticated(
                    "You didn't provide an API key. Send it in an Authorization header using Bearer auth"
                            + " (Authorization: Bearer YOUR_KEY), or sign in and send the access token."));
        }
        if (!token.startsWith(ApiKeyVerifier.PREFIX)) {
            return accessTokens.authenticate(token).flatMap(verified -> {
                verified.caller().attachTo(exchange);
                return chain.filter(withSession(exchange, verified.sessionId()));
            });
        }
        return apiKeys.authenticate(token)
                .switchIfEmpty(Mono.error(() -> GatewayException.unauthenticated("The credentials are invalid.")))
                .flatMap(authenticated -> {
                    authenticated.attachTo(exchange);
                    return chain.filter(exchange);
                });
    }

    /**
     * Tells auth-service which login a member's request comes from (a password change keeps that
     * one); {@code ClientHeadersFilter} has already dropped any such header the client sent.
     */
    private static ServerWebExchange withSession(ServerWebExchange exchange, java.util.UUID sessionId) {
        var request = exchange.getRequest()
                .mutate()
                .headers(headers -> headers.set(SESSION_HEADER, sessionId.toString()))
                .build();
        return exchange.mutate().request(request).build();
    }

    private static String bearerToken(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
