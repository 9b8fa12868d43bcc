package dev.aggregator.mockprovider.simulation;

import dev.aggregator.mockprovider.error.OpenAiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The error bodies a real OpenAI upstream sends for each status, so the proxy's error mapping is
 * exercised against what it will meet in production. Messages say "simulated" so nobody chases
 * a real outage in the logs.
 */
final class SimulatedFailures {

    private SimulatedFailures() {}

    static OpenAiException of(int status, @Nullable String model) {
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        return switch (status) {
            case 401 ->
                new OpenAiException(
                        code,
                        "Simulated failure: incorrect API key provided.",
                        "invalid_request_error",
                        null,
                        "invalid_api_key");
            case 404 ->
                new OpenAiException(
                        code,
                        "Simulated failure: the model '%s' does not exist or you do not have access to it."
                                .formatted(model),
                        "invalid_request_error",
                        "model",
                        "model_not_found");
            case 429 ->
                new OpenAiException(
                                code,
                                "Simulated failure: rate limit reached for requests.",
                                "requests",
                                null,
                                "rate_limit_exceeded")
                        .retryAfter(1);
            case 503 ->
                new OpenAiException(
                        code,
                        "Simulated failure: the engine is currently overloaded, please try again later.",
                        "server_error",
                        null,
                        null);
            default ->
                code.is5xxServerError()
                        ? new OpenAiException(
                                code,
                                "Simulated failure: the server had an error while processing your request.",
                                "server_error",
                                null,
                                null)
                        : new OpenAiException(
                                code,
                                "Simulated failure: %s.".formatted(reason(status)),
                                "invalid_request_error",
                                null,
                                null);
        };
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase().toLowerCase() : "HTTP " + status;
    }
}
