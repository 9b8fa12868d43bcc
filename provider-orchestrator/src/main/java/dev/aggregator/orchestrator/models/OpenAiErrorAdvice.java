package dev.aggregator.orchestrator.models;

import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.OpenAiError;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of {@link ModelCatalogController} in OpenAI's shape. Ordered before common-lib's
 * {@code ProblemDetailsAdvice}, which still answers for every other controller, including the
 * catalogue's administration.
 */
@RestControllerAdvice(assignableTypes = ModelCatalogController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrorAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    /** {@code model-not-found} becomes code {@code model_not_found}, as OpenAI spells its codes. */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException e) {
        String code = e.type().replace('-', '_').toLowerCase(Locale.ROOT);
        return answer(e.status(), OpenAiError.of(e.getMessage(), typeFor(e.status()), null, code));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e) {
        log.error("Unexpected error", e);
        return answer(
                HttpStatus.INTERNAL_SERVER_ERROR,
                OpenAiError.of("The server had an error while processing your request.", "server_error", null, null));
    }

    /** Spring MVC's own failures (not acceptable, bad parameter…), with their client-facing detail. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String message = e instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail()
                : "The request could not be processed.";
        return answer(status, OpenAiError.of(message, typeFor(status), null, null));
    }

    private static String typeFor(HttpStatusCode status) {
        return status.is5xxServerError() ? "server_error" : "invalid_request_error";
    }

    private static ResponseEntity<Object> answer(HttpStatusCode status, OpenAiError body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
