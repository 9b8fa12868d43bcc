package dev.aggregator.gateway.web;

import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.errors.GatewayException;
import java.util.Locale;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses paths a service would read differently from the gateway. Routes match the raw path,
 * but a servlet container normalizes it: {@code /v1/auth/../internal/jwks} matches the auth
 * route here and reaches {@code /internal/jwks} there. Dot segments, encoded dots and slashes,
 * backslashes and path parameters have no use in this API, so they are a 400.
 */
@Component
@Order(FilterOrder.CANONICAL_PATH)
class CanonicalPathFilter implements WebFilter {

    private static final String[] FORBIDDEN = {"%2e", "%2f", "%5c", "%00", "\\", ";"};

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (rawPath != null && !isCanonical(rawPath)) {
            return Mono.error(GatewayException.badRequest(
                    "non-canonical-path", "The request path must not contain dot segments or encoded separators."));
        }
        return chain.filter(exchange);
    }

    static boolean isCanonical(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String sequence : FORBIDDEN) {
            if (lower.contains(sequence)) return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return false;
        }
        return true;
    }
}
