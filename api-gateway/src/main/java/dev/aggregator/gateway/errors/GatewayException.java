package dev.aggregator.gateway.errors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request the gateway answers itself. It carries both renderings of the failure: an RFC 9457
 * problem for the platform API and OpenAI's {@code error} object for the OpenAI-compatible
 * endpoints; {@link GatewayErrorHandler} picks one by path. The message is written for the
 * client, so it never carries internals. Refusals are routine (bad keys, rate limits), so no
 * stack trace is captured.
 */
public final class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String problemType;
    private final String title;
    private final String openAiType;
    private final String openAiCode;
    private final HttpHeaders headers = new HttpHeaders();

    private GatewayException(
            HttpStatus status, String problemType, String title, String openAiType, String openAiCode, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.problemType = problemType;
        this.title = title;
        this.openAiType = openAiType;
        this.openAiCode = openAiCode;
    }

    public static GatewayException unauthenticated(String detail) {
        return new GatewayException(
                        HttpStatus.UNAUTHORIZED,
                        "unauthenticated",
                        "Unauthorized",
                        "invalid_request_error",
                        "invalid_api_key",
                        detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    public static GatewayException insufficientScope(String detail) {
        return new GatewayException(
                HttpStatus.FORBIDDEN,
                "insufficient-scope",
                "Forbidden",
                "invalid_request_error",
                "insufficient_scope",
                detail);
    }

    public static GatewayException rateLimited(String detail, long retryAfterSeconds) {
        return new GatewayException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "requests",
                        "rate_limit_exceeded",
                        detail)
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    public static GatewayException badRequest(String problemType, String detail) {
        return new GatewayException(
                HttpStatus.BAD_REQUEST, problemType, "Bad request", "invalid_request_error", null, detail);
    }

    public static GatewayException notFound(String detail) {
        return new GatewayException(
                HttpStatus.NOT_FOUND, "not-found", "Not found", "invalid_request_error", null, detail);
    }

    public static GatewayException payloadTooLarge(String detail) {
        return new GatewayException(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "invalid_request_error",
                "request_too_large",
                detail);
    }

    /** No route under {@code /v1/}: OpenAI's answer to a path it does not know, in its shape. */
    static GatewayException unknownUrl(String detail) {
        return new GatewayException(
                HttpStatus.NOT_FOUND, "not-found", "Not found", "invalid_request_error", "unknown_url", detail);
    }

    boolean isUnknownUrl() {
        return status == HttpStatus.NOT_FOUND && "unknown_url".equals(openAiCode);
    }

    public static GatewayException serviceUnavailable(String detail) {
        return new GatewayException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "service-unavailable",
                "Service unavailable",
                "server_error",
                "service_unavailable",
                detail);
    }

    public static GatewayException gatewayTimeout(String detail) {
        return new GatewayException(
                HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", "Gateway timeout", "server_error", "timeout", detail);
    }

    /** Any other status Spring reports for a request the gateway cannot serve (405, 413, 415...). */
    static GatewayException ofStatus(HttpStatus status) {
        String slug =
                status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        String type = status.is5xxServerError() ? "server_error" : "invalid_request_error";
        return new GatewayException(status, slug, status.getReasonPhrase(), type, null, status.getReasonPhrase() + ".");
    }

    static GatewayException internalError() {
        return new GatewayException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "server_error",
                null,
                "An unexpected error occurred. It has been logged.");
    }

    public GatewayException withHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    String problemType() {
        return problemType;
    }

    String title() {
        return title;
    }

    String openAiType() {
        return openAiType;
    }

    String openAiCode() {
        return openAiCode;
    }

    HttpHeaders headers() {
        return headers;
    }
}
