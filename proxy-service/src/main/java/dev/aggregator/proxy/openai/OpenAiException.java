package dev.aggregator.proxy.openai;

import dev.aggregator.common.web.OpenAiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * A failure answered in OpenAI's error shape. The message is written for the client: it never
 * carries provider credentials or upstream internals. No stack trace is captured, these are
 * expected outcomes rather than bugs.
 */
public class OpenAiException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";

    private final HttpStatusCode status;
    private final String type;
    private final String param;
    private final String code;

    public OpenAiException(HttpStatusCode status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static OpenAiException invalidRequest(String param, String message) {
        return new OpenAiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, null, param, message);
    }

    public static OpenAiException modelNotFound(String model) {
        return new OpenAiException(
                HttpStatus.NOT_FOUND,
                INVALID_REQUEST,
                "model_not_found",
                "model",
                "The model '%s' does not exist or you do not have access to it.".formatted(model));
    }

    public static OpenAiException insufficientQuota(String message) {
        return new OpenAiException(
                HttpStatus.PAYMENT_REQUIRED, "insufficient_quota", "insufficient_quota", null, message);
    }

    /** Every candidate failed in a way that is neither a timeout nor an overload. */
    /** A key's monthly spend cap no longer fits the request's worst case. */
    public static OpenAiException spendLimitExceeded(String message) {
        return new OpenAiException(
                HttpStatus.PAYMENT_REQUIRED, "insufficient_quota", "spend_limit_exceeded", null, message);
    }

    /** The API key's model allow-list does not name the model. */
    public static OpenAiException modelNotAllowed(String model) {
        return new OpenAiException(
                HttpStatus.FORBIDDEN,
                "permission_error",
                "model_not_allowed",
                "model",
                "This API key may not use the model '" + model + "'.");
    }

    public static OpenAiException upstreamError(String message) {
        return new OpenAiException(HttpStatus.BAD_GATEWAY, "upstream_error", "upstream_error", null, message);
    }

    public static OpenAiException providerUnavailable(String message) {
        return new OpenAiException(
                HttpStatus.SERVICE_UNAVAILABLE, "provider_unavailable", "provider_unavailable", null, message);
    }

    public static OpenAiException upstreamTimeout(String message) {
        return new OpenAiException(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", "upstream_timeout", null, message);
    }

    /** One of our own peers (orchestrator, billing) could not answer. */
    public static OpenAiException serviceUnavailable() {
        return new OpenAiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "api_error",
                "service_unavailable",
                null,
                "The service is temporarily unavailable. Please retry shortly.");
    }

    public HttpStatusCode status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public OpenAiError toBody() {
        return OpenAiError.of(getMessage(), type, param, code);
    }
}
