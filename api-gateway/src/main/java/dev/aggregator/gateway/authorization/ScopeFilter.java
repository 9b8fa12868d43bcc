package dev.aggregator.gateway.authorization;

import dev.aggregator.gateway.authentication.Caller;
import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.errors.GatewayException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Holds API keys to their scopes ({@link ApiKeyPolicy}). Signed-in members pass: each service
 * checks their roles against the resource.
 */
@Component
class ScopeFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return FilterOrder.AUTHORIZATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        var identity = Caller.of(exchange).map(Caller::identity).orElse(null);
        if (identity == null || !identity.isApiKey()) return chain.filter(exchange);
        var request = exchange.getRequest();
        return ApiKeyPolicy.refusal(request.getMethod(), request.getPath().pathWithinApplication(), identity.scopes())
                .<Mono<Void>>map(reason -> Mono.error(GatewayException.insufficientScope(reason)))
                .orElseGet(() -> chain.filter(exchange));
    }
}
