package dev.aggregator.gateway.ratelimit;

import dev.aggregator.gateway.authentication.Caller;
import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.errors.GatewayException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Requests a minute per API key (its {@code rpm_limit}, else the platform default) and per
 * signed-in member (the default). Every counted response says where the caller stands.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    static final String LIMIT_HEADER = "x-ratelimit-limit";
    static final String REMAINING_HEADER = "x-ratelimit-remaining";

    private final FixedWindowCounter counter;
    private final int defaultLimit;

    RateLimitFilter(FixedWindowCounter counter, AggregatorGatewayProperties properties) {
        this.counter = counter;
        this.defaultLimit = properties.defaultRpmPerKey();
    }

    @Override
    public int getOrder() {
        return FilterOrder.RATE_LIMIT;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        var caller = Caller.of(exchange).orElse(null);
        if (caller == null) return chain.filter(exchange);
        int limit = caller.rpmLimit() != null ? caller.rpmLimit() : defaultLimit;
        return counter.count(caller.rateLimitSubject(), limit).flatMap(counted -> {
            if (counted.isEmpty()) return chain.filter(exchange);
            var usage = counted.get();
            var headers = exchange.getResponse().getHeaders();
            headers.set(LIMIT_HEADER, Integer.toString(usage.limit()));
            headers.set(REMAINING_HEADER, Long.toString(usage.remaining()));
            if (!usage.exceeded()) return chain.filter(exchange);
            return Mono.error(GatewayException.rateLimited(
                            "Rate limit reached for requests per min (RPM): Limit " + usage.limit()
                                    + ". Please try again in " + usage.retryAfterSeconds() + "s.",
                            usage.retryAfterSeconds())
                    .withHeader(LIMIT_HEADER, Integer.toString(usage.limit()))
                    .withHeader(REMAINING_HEADER, "0"));
        });
    }
}
