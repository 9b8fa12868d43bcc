package dev.aggregator.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.gateway.authentication.Caller;
import dev.aggregator.gateway.config.FilterOrder;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Forwards the verified caller as {@code X-Aggregator-Identity}, the only identity services
 * trust, in place of the client's credentials: API keys and access tokens never leave the edge.
 * A caller's token is signed once and reused for half its lifetime, so it always has at least
 * that long left when a service reads it.
 */
@Component
class IdentityForwardingFilter implements GlobalFilter, Ordered {

    private static final long MAX_CACHED_IDENTITIES = 100_000;

    private final InternalTokens tokens;
    private final Cache<Identity, String> minted;

    IdentityForwardingFilter(InternalTokens tokens) {
        this.tokens = tokens;
        this.minted = Caffeine.newBuilder()
                .expireAfterWrite(tokens.ttl().dividedBy(2))
                .maximumSize(MAX_CACHED_IDENTITIES)
                .build();
    }

    @Override
    public int getOrder() {
        return FilterOrder.IDENTITY;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String identityToken = Caller.of(exchange)
                .map(caller -> minted.get(caller.identity(), tokens::mint))
                .orElse(null);
        var request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    if (identityToken != null) headers.set(InternalTokens.HEADER, identityToken);
                })
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }
}
