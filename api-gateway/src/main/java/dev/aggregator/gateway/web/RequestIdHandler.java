package dev.aggregator.gateway.web;

import dev.aggregator.common.tracing.TracingSwitch;
import dev.aggregator.common.web.RequestIds;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.slf4j.MDC;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Gives every request an {@code x-request-id}: the client's when it is a safe token, else a new
 * one. It travels to the service and comes back on every response, errors included (set just
 * before the response is committed, so whatever answers last cannot lose it).
 *
 * <p>It is also in every log line written for the request, under the MDC key the servlet services
 * use ({@link RequestIds#MDC_KEY}), on whichever thread the line is written: the id goes into the
 * Reactor Context of the whole exchange, and Reactor's automatic context propagation
 * ({@code spring.reactor.context-propagation: auto}) restores it into the MDC wherever a signal
 * arrives on another thread (a Netty event loop, Lettuce's) and takes it out again after. This
 * decorates the HTTP handler, not the filter chain, because a web filter's context stops at the
 * chain: the error handlers, which run outside it, would log without the id.
 */
@Component
public class RequestIdHandler implements HttpHandlerDecoratorFactory {

    RequestIdHandler(Environment environment) {
        var threadLocals = ContextRegistry.getInstance();
        // One String under one key: context-propagation's Slf4jThreadLocalAccessor would copy a
        // map of MDC keys at every restoration instead.
        threadLocals.registerThreadLocalAccessor(
                RequestIds.MDC_KEY,
                () -> MDC.get(RequestIds.MDC_KEY),
                requestId -> MDC.put(RequestIds.MDC_KEY, requestId),
                () -> MDC.remove(RequestIds.MDC_KEY));
        if (!TracingSwitch.enabled(environment)) {
            // A proxied request crosses threads some 150 times; at each, automatic propagation
            // would also open and close a scope of the current observation, which without a
            // tracer nothing reads, for twice the cost of the request id. Metrics do not need it.
            threadLocals.removeThreadLocalAccessor(ObservationThreadLocalAccessor.KEY);
        }
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> {
            String sent = request.getHeaders().getFirst(RequestIds.HEADER);
            String requestId = RequestIds.acceptOrCreate(sent);
            response.beforeCommit(() -> {
                response.getHeaders().set(RequestIds.HEADER, requestId);
                return Mono.empty();
            });
            var forwarded = requestId.equals(sent)
                    ? request
                    : request.mutate()
                            .headers(headers -> headers.set(RequestIds.HEADER, requestId))
                            .build();
            return handler.handle(forwarded, response).contextWrite(Context.of(RequestIds.MDC_KEY, requestId));
        };
    }
}
