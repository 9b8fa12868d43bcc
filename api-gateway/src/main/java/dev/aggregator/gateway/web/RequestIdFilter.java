package dev.aggregator.gateway.web;

import dev.aggregator.common.web.RequestIds;
import dev.aggregator.gateway.config.FilterOrder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code x-request-id}: the client's when it is a safe token, else a new
 * one. It travels to the service and comes back on every response, errors included (set just
 * before the response is committed, so whatever answers last cannot lose it).
 */
@Component
@Order(FilterOrder.REQUEST_ID)
public class RequestIdFilter implements WebFilter {

    public static final String ATTRIBUTE = RequestIds.MDC_KEY;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String sent = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
        String requestId = RequestIds.acceptOrCreate(sent);
        exchange.getAttributes().put(ATTRIBUTE, requestId);
        var response = exchange.getResponse();
        response.beforeCommit(() -> {
            response.getHeaders().set(RequestIds.HEADER, requestId);
            return Mono.empty();
        });
        if (requestId.equals(sent)) return chain.filter(exchange);
        var request = exchange.getRequest()
                .mutate()
                .headers(headers -> headers.set(RequestIds.HEADER, requestId))
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }
}
