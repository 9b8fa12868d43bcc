package dev.aggregator.gateway.web;

import dev.aggregator.common.web.limits.BodyLimitProperties;
import dev.aggregator.gateway.config.FilterOrder;
import dev.aggregator.gateway.errors.GatewayException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request bodies over the limit are a 413 before any service sees them: a declared
 * {@code Content-Length} over the limit at once, a chunked body as soon as the bytes that have
 * flowed through pass it (what was forwarded so far is abandoned with the connection). The body
 * still streams chunk by chunk: only a running count is kept, nothing is buffered. The limits are
 * the services' own ({@code aggregator.body-limits.*}, api-v1.md): 10 MiB on chat, responses and
 * embeddings, 64 KiB everywhere else.
 */
@Component
@Order(FilterOrder.BODY_LIMIT)
@EnableConfigurationProperties(BodyLimitProperties.class)
class BodyLimitFilter implements WebFilter {

    private final BodyLimitProperties limits;

    BodyLimitFilter(BodyLimitProperties limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        long limit = limits.limitFor(request.getPath().value());
        if (request.getHeaders().getContentLength() > limit) return Mono.error(tooLarge(limit));
        var counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                var read = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (read.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(tooLarge(limit));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static GatewayException tooLarge(long limit) {
        return GatewayException.payloadTooLarge(
                "The request body is too large: at most " + limit + " bytes are accepted here.");
    }
}
