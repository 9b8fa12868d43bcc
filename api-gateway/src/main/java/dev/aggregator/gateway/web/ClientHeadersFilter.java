package dev.aggregator.gateway.web;

import dev.aggregator.gateway.config.FilterOrder;
import java.util.List;
import java.util.Locale;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Drops what a client must not be able to assert. {@code X-Aggregator-*} headers carry verified
 * identity between services, so only the gateway sets them. Forwarding headers go too: the
 * gateway is the edge, and {@link ClientAddressHeadersFilter} writes them from what it saw.
 *
 * <p>The client's address is worked out here, before the forwarding headers go: a trusted proxy's
 * {@code X-Forwarded-For} is what names the client, and every later filter (the per-address
 * limits first) asks {@link ClientAddressResolver} for the address it remembered.
 */
@Component
class ClientHeadersFilter implements GlobalFilter, Ordered {

    private final ClientAddressResolver clientAddresses;

    ClientHeadersFilter(ClientAddressResolver clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    public int getOrder() {
        return FilterOrder.CLIENT_HEADERS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        clientAddresses.clientAddress(exchange);
        var request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    List<String> untrusted = headers.headerNames().stream()
                            .filter(ClientHeadersFilter::isUntrusted)
                            .toList();
                    untrusted.forEach(headers::remove);
                })
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    static boolean isUntrusted(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return name.startsWith("x-aggregator-")
                || name.startsWith("x-forwarded-")
                || name.equals("forwarded")
                || name.equals("x-real-ip");
    }
}
