package dev.aggregator.proxy.upstream;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A provider call that did not produce an answer. {@link Kind#REJECTED} is the client's fault and
 * ends the request with the provider's status; every other kind is the provider's fault, counts
 * against its circuit breaker, and lets the next candidate try. The provider's own error text is
 * kept apart ({@link #upstreamMessage()}) and never logged: it may quote the prompt.
 *
 * <p>A failure {@link #answered() after a 2xx} is the exception: the provider took the request
 * and will likely bill it, so another provider is not tried, the platform would pay twice.
 */
public class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** Could not connect, or the connection broke before an answer. */
        CONNECT,
        /** No answer in time (connect, headers, body or first stream event), or a 408. */
        TIMEOUT,
        /** A 5xx other than 503. */
        SERVER_ERROR,
        /** 429 or 503 (529 at Anthropic): the provider is busy, another one may not be. */
        OVERLOADED,
        /** 401, 402, 403, 404: our credentials, credit or model mapping at the provider are wrong. */
        MISCONFIGURED,
        /** A 2xx whose body is not what the API promises. */
        BAD_RESPONSE,
        /** Another 4xx: the request itself is wrong, another provider would refuse it too. */
        REJECTED
    }

    private final Kind kind;
    private final int status;
    private final transient JsonNode upstreamError;
    private final boolean answered;
    private final Duration retryAfter;

    private UpstreamFailure(Kind kind, int status, JsonNode upstreamError, String description, Throwable cause) {
        this(kind, status, upstreamError, description, cause, false);
    }

    private UpstreamFailure(
            Kind kind, int status, JsonNode upstreamError, String description, Throwable cause, boolean answered) {
        this(kind, status, upstreamError, description, cause, answered, null);
    }

    private UpstreamFailure(
            Kind kind,
            int status,
            JsonNode upstreamError,
            String description,
            Throwable cause,
            boolean answered,
            Duration retryAfter) {
        super(description, cause, false, false);
        this.retryAfter = retryAfter;
        this.kind = kind;
        this.status = status;
        this.upstreamError = upstreamError;
        this.answered = answered;
    }

    /**
     * @param error the provider's {@code error} object (OpenAI and Anthropic both use one), or a
     *     missing node
     */
    public static UpstreamFailure ofStatus(int status, JsonNode error) {
        return ofStatus(status, error, null);
    }

    /** @param retryAfter the provider's {@code Retry-After}, or null */
    public static UpstreamFailure ofStatus(int status, JsonNode error, Duration retryAfter) {
        return new UpstreamFailure(kindOf(status), status, error, "HTTP " + status, null, false, retryAfter);
    }

    public static UpstreamFailure connect(Throwable cause) {
        return new UpstreamFailure(
                Kind.CONNECT, 0, null, "connection failed: " + cause.getClass().getSimpleName(), cause);
    }

    public static UpstreamFailure timeout(String what) {
        return new UpstreamFailure(Kind.TIMEOUT, 0, null, "timed out waiting for " + what, null);
    }

    /** The body of a 2xx did not arrive in time. */
    public static UpstreamFailure bodyTimeout() {
        return new UpstreamFailure(Kind.TIMEOUT, 0, null, "timed out waiting for the response body", null, true);
    }

    /** The body of a 2xx broke off (or was too large to read). */
    public static UpstreamFailure bodyBroken(Throwable cause) {
        return new UpstreamFailure(
                Kind.CONNECT,
                0,
                null,
                "response body broke off: " + cause.getClass().getSimpleName(),
                cause,
                true);
    }

    public static UpstreamFailure badResponse(String what) {
        return new UpstreamFailure(Kind.BAD_RESPONSE, 0, null, "unusable response: " + what, null);
    }

    /** An {@code error} event at the start of a stream: the provider failed before answering. */
    public static UpstreamFailure errorEvent(JsonNode error) {
        int status = error.path("status").asInt(0);
        String type = error.path("type").asString("");
        // A stream that opens with the client's own error (Anthropic sends invalid_request_error
        // this way) is the client's fault, like a 400: it must not count against the provider.
        Kind kind = "overloaded_error".equals(type)
                ? Kind.OVERLOADED
                : "invalid_request_error".equals(type) || status == 400 || status == 422
                        ? Kind.REJECTED
                        : Kind.SERVER_ERROR;
        if (kind == Kind.REJECTED && status == 0) status = 400;
        return new UpstreamFailure(kind, status, error, "error event in stream", null);
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 408 -> Kind.TIMEOUT;
            case 429, 503, 529 -> Kind.OVERLOADED;
            case 401, 402, 403, 404 -> Kind.MISCONFIGURED;
            default -> status >= 500 ? Kind.SERVER_ERROR : status >= 400 ? Kind.REJECTED : Kind.BAD_RESPONSE;
        };
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's HTTP status, 0 when there was none. */
    public int status() {
        return status;
    }

    /** The provider had accepted the request (2xx) when it failed: no other provider may be tried. */
    public boolean answered() {
        return answered;
    }

    public boolean providerFault() {
        return kind != Kind.REJECTED;
    }

    /**
     * The provider itself is failing (5xx, timeout, connect error, unusable answer): what marks it
     * down. A 429, 401/403 or 404 is about our key or mapping, and a rejected request the client's.
     */
    public boolean providerUnhealthy() {
        return switch (kind) {
            case CONNECT, TIMEOUT, SERVER_ERROR, BAD_RESPONSE -> true;
            case OVERLOADED -> status != 429;
            case MISCONFIGURED, REJECTED -> false;
        };
    }

    /** 401, 403 or 429: the key used is refused or rate limited, another key may not be. */
    public boolean keyRefused() {
        return status == 401 || status == 403 || status == 429;
    }

    /** The provider's {@code Retry-After}, or null when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The provider's error message, for the client of a rejected request only; may be null. */
    public String upstreamMessage() {
        return text("message");
    }

    public String upstreamParam() {
        return text("param");
    }

    public String upstreamCode() {
        return text("code");
    }

    private String text(String field) {
        if (upstreamError == null) return null;
        JsonNode value = upstreamError.path(field);
        return value.isString() ? value.stringValue() : null;
    }
}
