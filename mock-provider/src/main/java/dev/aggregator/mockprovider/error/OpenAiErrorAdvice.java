package dev.aggregator.mockprovider.error;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Every error of this server in OpenAI's shape — including Spring MVC's own (404, 405, 415, bad
 * JSON), which {@link ResponseEntityExceptionHandler} funnels through
 * {@link #handleExceptionInternal} — so OpenAI SDKs raise their usual exceptions.
 */
@RestControllerAdvice
class OpenAiErrorAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorAdvice.class);

    @ExceptionHandler(OpenAiException.class)
    ResponseEntity<Object> handleOpenAi(OpenAiException ex) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(ex.retryAfterSeconds()));
        }
        return json(ex.status(), headers, ex.toBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return json(
                HttpStatus.INTERNAL_SERVER_ERROR,
                new HttpHeaders(),
                OpenAiError.of("The server had an error while processing your request.", "server_error", null, null));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A wrong type at a known place ("max_tokens": "ten") names the field; broken JSON does not.
        if (ex.getCause() instanceof JacksonException jackson
                && !jackson.getPath().isEmpty()) {
            String param = param(jackson.getPath());
            return json(
                    HttpStatus.BAD_REQUEST,
                    headers,
                    OpenAiError.of("Invalid value for '%s'.".formatted(param), "invalid_request_error", param, null));
        }
        return json(
                HttpStatus.BAD_REQUEST,
                headers,
                OpenAiError.of(
                        "We could not parse the JSON body of your request. The API expects a JSON payload.",
                        "invalid_request_error",
                        null,
                        null));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldError field = ex.getBindingResult().getFieldError();
        String param = field != null ? snakeCase(field.getField()) : null;
        String message = field != null && field.getDefaultMessage() != null
                ? "Invalid '%s': %s.".formatted(param, field.getDefaultMessage())
                : "Invalid request body.";
        return json(HttpStatus.BAD_REQUEST, headers, OpenAiError.of(message, "invalid_request_error", param, null));
    }

    /** OpenAI's wording; Spring's "No static resource" would puzzle a client that mistyped a path. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String message = "Invalid URL (%s /%s)".formatted(ex.getHttpMethod().name(), ex.getResourcePath());
        return json(HttpStatus.NOT_FOUND, headers, OpenAiError.of(message, "invalid_request_error", null, null));
    }

    /** The fallback for the remaining MVC exceptions; their details are written for clients. */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet
                && servlet.getResponse() != null
                && servlet.getResponse().isCommitted()) {
            return null; // a stream already started: nothing can be sent any more
        }
        if (statusCode.is5xxServerError()) {
            log.error("Request failed with {}", statusCode.value(), ex);
        }
        String message = ex instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail()
                : "The request could not be processed.";
        String type = statusCode.is5xxServerError() ? "server_error" : "invalid_request_error";
        return json(statusCode, headers, OpenAiError.of(message, type, null, null));
    }

    private static ResponseEntity<Object> json(HttpStatusCode status, HttpHeaders headers, OpenAiError body) {
        // An explicit type wins over "Accept: text/event-stream" sent by streaming clients.
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    private static String param(List<JacksonException.Reference> path) {
        StringBuilder param = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!param.isEmpty()) {
                    param.append('.');
                }
                param.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                param.append('[').append(reference.getIndex()).append(']');
            }
        }
        return param.toString();
    }

    /** Bean Validation reports Java names ({@code maxTokens}); clients know {@code max_tokens}. */
    static String snakeCase(String javaPath) {
        StringBuilder out = new StringBuilder(javaPath.length() + 4);
        for (char c : javaPath.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
