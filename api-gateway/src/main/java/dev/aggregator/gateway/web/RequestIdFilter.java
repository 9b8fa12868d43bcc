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
 * Makes the request's id ({@link RequestIdHandler}, which has already put it in the request's
 * {@code x-request-id}) an exchange attribute, for the filters and handlers that name it.
 */
@Component
@Order(FilterOrder.REQUEST_ID)
public class RequestIdFilter implements WebFilter {

    public static final String ATTRIBUTE = RequestIds.MDC_KEY;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
        if (requestId != null) exchange.getAttributes().put(ATTRIBUTE, requestId);
        return chain.filter(exchange);
    }
}
