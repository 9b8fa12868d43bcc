package dev.aggregator.mockprovider.error;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An answer in OpenAI's error shape. No stack trace is captured: these are expected outcomes
 * (simulated failures under a benchmark's failure rate), not bugs, and must stay cheap.
 */
public class OpenAiException extends RuntimeException {

    private final HttpStatusCode status;
    private final String type;
    private final @Nullable String param;
    private final @Nullable String code;
    private @Nullable Integer retryAfterSeconds;

    public OpenAiException(
            HttpStatusCode status, String message, String type, @Nullable String param, @Nullable String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static OpenAiException invalidRequest(String message, @Nullable String param) {
        return new OpenAiException(HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, null);
    }

    /** Sets {@code Retry-After}, as OpenAI does on 429s, so clients' back-off can be tested. */
    public OpenAiException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public HttpStatusCode status() {
        return status;
    }

    public @Nullable Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public OpenAiError toBody() {
        return OpenAiError.of(getMessage(), type, param, code);
    }
}
