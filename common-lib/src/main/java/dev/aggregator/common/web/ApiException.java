package dev.aggregator.common.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure the client should see as an RFC 9457 problem. The detail is written for the client,
 * so it must never carry internals or secrets.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_BASE = "https://aggregator.dev/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Long retryAfterSeconds;

    public ApiException(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", field + ": " + message)
                .with("errors", List.of(new FieldProblem(field, message)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized", detail);
    }

    public static ApiException paymentRequired(String detail) {
        return new ApiException(HttpStatus.PAYMENT_REQUIRED, "insufficient-funds", "Insufficient funds", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        var e = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail);
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    /** Adds a machine-readable member to the problem, e.g. {@code available} on a 402. */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public ProblemDetail toProblemDetail() {
        var problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
