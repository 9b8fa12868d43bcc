package dev.aggregator.proxy.openai;

import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.OpenAiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the {@link OpenAiCompatible} controllers in OpenAI's shape, so that OpenAI SDKs
 * raise their usual exceptions. Spring MVC's own exceptions (415, 405, unreadable JSON) are
 * funnelled through {@link #handleExceptionInternal}. Ordered before common-lib's
 * ProblemDetailsAdvice, which answers everything else.
 *
 * <p>A request without a valid identity never gets here: common-lib's filter answers it with a
 * problem+json 401 first. Clients never see that one, the gateway answers authentication itself.
 */
@RestControllerAdvice(annotations = OpenAiCompatible.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrorAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    @ExceptionHandler(OpenAiException.class)
    ResponseEntity<Object> handleOpenAi(OpenAiException e, WebRequest request) {
        return json(e.status(), new HttpHeaders(), e.toBody(), request);
    }

    /** Identity and role checks from common-lib speak ApiException; translate by status. */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException e, WebRequest request) {
        var headers = new HttpHeaders();
        if (e.retryAfterSeconds() != null)
            headers.set(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        var body = switch (e.status()) {
            case UNAUTHORIZED ->
                OpenAiError.of(e.getMessage(), OpenAiException.INVALID_REQUEST, null, "invalid_api_key");
            case FORBIDDEN -> OpenAiError.of(e.getMessage(), "permission_error", null, null);
            case TOO_MANY_REQUESTS -> OpenAiError.of(e.getMessage(), "requests", null, "rate_limit_exceeded");
            default -> OpenAiError.of(e.getMessage(), typeFor(e.status()), null, null);
        };
        return json(e.status(), headers, body, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        log.error("Unexpected error", e);
        return json(
                HttpStatus.INTERNAL_SERVER_ERROR,
                new HttpHeaders(),
                OpenAiError.of("The server had an error while processing your request.", "server_error", null, null),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return json(
                HttpStatus.BAD_REQUEST,
                headers,
                OpenAiError.of(RequestFields.UNREADABLE, OpenAiException.INVALID_REQUEST, null, null),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError()) log.error("Request failed with {}", status.value(), e);
        String message = status.is5xxServerError()
                ? "The server had an error while processing your request."
                : "The request could not be processed (HTTP %d).".formatted(status.value());
        return json(status, headers, OpenAiError.of(message, typeFor(status), null, null), request);
    }

    private static String typeFor(HttpStatusCode status) {
        return status.is5xxServerError() ? "server_error" : OpenAiException.INVALID_REQUEST;
    }

    private static ResponseEntity<Object> json(
            HttpStatusCode status, HttpHeaders headers, OpenAiError body, WebRequest request) {
        if (request instanceof ServletWebRequest servlet
                && servlet.getResponse() != null
                && servlet.getResponse().isCommitted()) {
            return null; // a stream already started: nothing can be sent any more
        }
        // Explicit, so that a streaming client's "Accept: text/event-stream" still gets JSON.
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
