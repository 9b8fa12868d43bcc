package dev.aggregator.gateway.ratelimit;

import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.errors.GatewayException;
import dev.aggregator.gateway.web.ClientAddressResolver;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Requests a minute per client address on the routes anyone can call without credentials
 * (register, login, refresh, password reset, invitation accept, the Stripe webhook): each route
 * has its own budget ({@code aggregator.gateway.address-limits}), counted in Redis like the
 * per-key limits so that every gateway instance shares it. Runs before authentication and before
 * the body is read, so a refused request costs one Redis round trip.
 */
@Component
class AddressRateLimitFilter implements GlobalFilter, Ordered {

    private final FixedWindowCounter counter;
    private final ClientAddressResolver clientAddresses;
    private final Map<String, Integer> limits;

    AddressRateLimitFilter(
            FixedWindowCounter counter, ClientAddressResolver clientAddresses, AggregatorGatewayProperties properties) {
        this.counter = counter;
        this.clientAddresses = clientAddresses;
        this.limits = Map.copyOf(properties.addressLimits());
    }

    @Override
    public int getOrder() {
        return FilterOrder.ADDRESS_RATE_LIMIT;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        Integer limit = limits.get(path);
        if (limit == null) return chain.filter(exchange);
        String subject = "addr:" + path + ":" + clientAddresses.clientAddress(exchange);
        return counter.count(subject, limit).flatMap(counted -> {
            if (counted.isEmpty() || !counted.get().exceeded()) return chain.filter(exchange);
            long retryAfter = counted.get().retryAfterSeconds();
            return Mono.error(GatewayException.rateLimited(
                    "Too many requests to " + path + " from your address. Please try again in " + retryAfter + "s.",
                    retryAfter));
        });
    }
}
