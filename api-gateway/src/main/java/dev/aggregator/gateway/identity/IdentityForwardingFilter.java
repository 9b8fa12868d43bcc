package dev.aggregator.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.tracing.SpanTagsFilter;
import dev.aggregator.common.tracing.TraceContexts;
import dev.aggregator.gateway.authentication.Caller;
import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.web.RequestIdFilter;
import io.micrometer.common.KeyValue;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
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
    private final boolean tracing;

    IdentityForwardingFilter(InternalTokens tokens, TraceContexts traces) {
        this.tokens = tokens;
        this.tracing = traces.enabled();
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
        if (tracing) tagServerSpan(exchange);
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

    /**
     * While tracing is on: the request id and the caller's company on the gateway's server span
     * (high-cardinality values go to the span only, never to the metrics).
     */
    private static void tagServerSpan(ServerWebExchange exchange) {
        ServerRequestObservationContext.findCurrent(exchange.getAttributes()).ifPresent(context -> {
            if (exchange.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String requestId) {
                context.addHighCardinalityKeyValue(KeyValue.of(SpanTagsFilter.REQUEST_ID, requestId));
            }
            Caller.of(exchange)
                    .map(caller -> caller.identity().companyId())
                    .ifPresent(company -> context.addHighCardinalityKeyValue(
                            KeyValue.of(SpanTagsFilter.COMPANY_ID, company.toString())));
        });
    }
}
