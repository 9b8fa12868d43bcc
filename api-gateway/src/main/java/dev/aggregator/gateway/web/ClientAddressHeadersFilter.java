package dev.aggregator.gateway.web;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells services who the client is: {@code X-Forwarded-For} is the client's address as
 * {@link ClientAddressResolver} works it out (the socket peer, unless that is a configured trusted
 * proxy such as a load balancer), the only one the edge can vouch for (auth-service throttles
 * logins by it), plus the scheme and host the client used. Spring Cloud Gateway's own forwarding
 * filters are off: they would append to whatever the client sent.
 */
@Component
class ClientAddressHeadersFilter implements HttpHeadersFilter, Ordered {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_HOST = "X-Forwarded-Host";

    private final ClientAddressResolver clientAddresses;

    ClientAddressHeadersFilter(ClientAddressResolver clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var headers = HttpHeaders.copyOf(input);
        headers.set(FORWARDED_FOR, clientAddresses.clientAddress(exchange));
        headers.set(FORWARDED_PROTO, request.getURI().getScheme());
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host != null) headers.set(FORWARDED_HOST, host);
        return headers;
    }
}
