package dev.aggregator.common.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem. Ordered last so that the OpenAI-compatible
 * endpoints can answer in OpenAI's error shape with an advice of their own.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApiException(ApiException e) {
        var headers = new HttpHeaders();
        if (e.retryAfterSeconds() != null)
            headers.set(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        return ResponseEntity.status(e.status()).headers(headers).body(e.toProblemDetail());
    }

    @ExceptionHandler({ConstraintViolationException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> handleBadParameter(Exception e) {
        List<FieldProblem> errors = e instanceof ConstraintViolationException cve
                ? cve.getConstraintViolations().stream()
                        .map(v ->
                                new FieldProblem(lastSegment(v.getPropertyPath().toString()), v.getMessage()))
                        .toList()
                : List.of(new FieldProblem(
                        snakeCase(((MethodArgumentTypeMismatchException) e).getName()), "has an invalid value"));
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    /**
     * PostgreSQL refuses some text a JSON body can carry (a NUL character, an out-of-range date):
     * SQLSTATE class 22, "data exception". That is the client's input, so a 400, not a 500.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> handleDataAccess(DataAccessException e) {
        if (!isDataException(e)) return handleUnexpected(e);
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The request contains a value that cannot be stored (for example a NUL character).");
        problem.setType(URI.create(ApiException.TYPE_BASE + "unstorable-value"));
        problem.setTitle("Invalid request");
        return ResponseEntity.badRequest().body(problem);
    }

    static boolean isDataException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        log.error("Unexpected error", e);
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred. It has been logged.");
        problem.setType(URI.create(ApiException.TYPE_BASE + "internal-error"));
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError fe
                        ? new FieldProblem(snakeCase(fe.getField()), fe.getDefaultMessage())
                        : new FieldProblem(error.getObjectName(), error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A @Valid body among constrained parameters (a header, say) lands here too: its errors are
        // the body's fields, named as the client wrote them, not the parameter holding the body.
        var errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> error instanceof FieldError fe
                                ? new FieldProblem(snakeCase(fe.getField()), fe.getDefaultMessage())
                                : new FieldProblem(
                                        snakeCase(result.getMethodParameter().getParameterName()),
                                        error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON of the expected shape.");
        problem.setType(URI.create(ApiException.TYPE_BASE + "malformed-body"));
        problem.setTitle("Malformed request body");
        return ResponseEntity.badRequest().body(problem);
    }

    public static ProblemDetail validationProblem(List<FieldProblem> errors) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some fields are invalid.");
        problem.setType(URI.create(ApiException.TYPE_BASE + "validation-failed"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** {@code address.postalCode} → {@code address.postal_code}, matching the JSON the client sent. */
    static String snakeCase(String field) {
        return CAMEL.matcher(field).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String lastSegment(String path) {
        return snakeCase(path.substring(path.lastIndexOf('.') + 1));
    }
}
