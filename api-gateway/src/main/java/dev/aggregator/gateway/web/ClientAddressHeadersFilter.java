package dev.aggregator.gateway.web;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells services who the client is: {@code X-Forwarded-For} is the socket peer's address, the
 * only one the edge can vouch for (auth-service throttles logins by it), plus the scheme and
 * host the client used. Spring Cloud Gateway's own forwarding filters are off: with no trusted
 * proxies configured they would strip these headers (order 0), so this runs after them. Put a
 * load balancer in front and its address is what would need trusting here.
 */
@Component
class ClientAddressHeadersFilter implements HttpHeadersFilter, Ordered {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_HOST = "X-Forwarded-Host";

    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var headers = HttpHeaders.copyOf(input);
        var remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            headers.set(FORWARDED_FOR, remote.getAddress().getHostAddress());
        }
        headers.set(FORWARDED_PROTO, request.getURI().getScheme());
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host != null) headers.set(FORWARDED_HOST, host);
        return headers;
    }
}
