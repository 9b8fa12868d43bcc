package dev.aggregator.gateway.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.gateway.web.RequestIdFilter;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every failure in the caller's dialect: OpenAI's error object on the OpenAI-compatible
 * endpoints, an RFC 9457 problem everywhere else. A service that is down or slow becomes a 503
 * or 504 without a stack trace or a host name. Ordered before Boot's handler, which therefore
 * never runs.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OpenAiError(Body error) {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        record Body(String message, String type, String param, String code) {}
    }

    record Problem(URI type, String title, int status, String detail, String instance) {}

    private final JsonMapper json;

    GatewayErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            // A stream that broke midway: nothing can be said any more, the connection just ends.
            return Mono.error(error);
        }
        var failure = translate(exchange, error);
        String path = exchange.getRequest().getPath().value();
        boolean openAi = OpenAiEndpoints.matches(path) || failure.isUnknownUrl();
        byte[] body = json.writeValueAsBytes(openAi ? openAiError(failure) : problem(failure, path));

        response.setStatusCode(failure.status());
        var headers = response.getHeaders();
        headers.clearContentHeaders();
        headers.putAll(failure.headers());
        headers.setContentType(openAi ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static GatewayException translate(ServerWebExchange exchange, Throwable error) {
        if (error instanceof GatewayException failure) return failure;
        // Raised inside a body stream (the body limit) and wrapped on its way out of the client.
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException failure) return failure;
        }
        if (error instanceof ResponseStatusException statusError) {
            var status = HttpStatus.resolve(statusError.getStatusCode().value());
            if (status == HttpStatus.NOT_FOUND) return noSuchEndpoint(exchange);
            if (status == HttpStatus.SERVICE_UNAVAILABLE) return unavailable();
            if (status == HttpStatus.GATEWAY_TIMEOUT) return timedOut();
            if (status != null && status.is4xxClientError()) return GatewayException.ofStatus(status);
        }
        if (causedBy(error, TimeoutException.class)
                || causedBy(error, io.netty.handler.timeout.TimeoutException.class)) {
            log.warn(
                    "{} {} timed out downstream ({}) [{}]",
                    method(exchange),
                    path(exchange),
                    error,
                    requestId(exchange));
            return timedOut();
        }
        if (causedBy(error, IOException.class)) {
            log.warn("{} {} failed downstream ({}) [{}]", method(exchange), path(exchange), error, requestId(exchange));
            return unavailable();
        }
        log.error("Unexpected error on {} {} [{}]", method(exchange), path(exchange), requestId(exchange), error);
        return GatewayException.internalError();
    }

    private static GatewayException noSuchEndpoint(ServerWebExchange exchange) {
        String path = path(exchange);
        if (path.startsWith("/v1/"))
            return GatewayException.unknownUrl("Invalid URL (" + method(exchange) + " " + path + ")");
        return GatewayException.notFound("Invalid URL (" + method(exchange) + " " + path + ").");
    }

    private static GatewayException unavailable() {
        return GatewayException.serviceUnavailable("The service is temporarily unavailable. Please retry shortly.");
    }

    private static GatewayException timedOut() {
        return GatewayException.gatewayTimeout("The service did not answer in time. Please retry shortly.");
    }

    private static OpenAiError openAiError(GatewayException failure) {
        return new OpenAiError(
                new OpenAiError.Body(failure.getMessage(), failure.openAiType(), null, failure.openAiCode()));
    }

    private static Problem problem(GatewayException failure, String path) {
        return new Problem(
                URI.create(ApiException.TYPE_BASE + failure.problemType()),
                failure.title(),
                failure.status().value(),
                failure.getMessage(),
                path);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) return true;
        }
        return false;
    }

    private static String method(ServerWebExchange exchange) {
        return exchange.getRequest().getMethod().name();
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }

    private static String requestId(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(RequestIdFilter.ATTRIBUTE, "-");
    }
}
