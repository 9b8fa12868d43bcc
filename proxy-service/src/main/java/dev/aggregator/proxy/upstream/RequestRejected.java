package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.Candidate;
import org.springframework.http.HttpStatusCode;

/**
 * A provider refused the request as invalid (a 4xx that is not about our credentials or its
 * load). Another provider would refuse it too, so it is not retried: the client gets the
 * provider's status and message, with our internals (the provider's model name, its key) taken
 * out.
 */
public class RequestRejected extends RuntimeException {

    private static final int MAX_MESSAGE = 1000;

    private final Candidate candidate;
    private final UpstreamFailure failure;

    RequestRejected(Candidate candidate, UpstreamFailure failure) {
        super("rejected by the provider", null, false, false);
        this.candidate = candidate;
        this.failure = failure;
    }

    public Candidate candidate() {
        return candidate;
    }

    public int status() {
        return failure.status();
    }

    public OpenAiException toOpenAi(String model) {
        return new OpenAiException(
                HttpStatusCode.valueOf(failure.status()),
                OpenAiException.INVALID_REQUEST,
                failure.upstreamCode(),
                failure.upstreamParam(),
                clientMessage(model));
    }

    String clientMessage(String model) {
        String message = failure.upstreamMessage();
        if (message == null || message.isBlank()) {
            return "The provider rejected the request (HTTP %d).".formatted(failure.status());
        }
        if (candidate.hasApiKey() && message.contains(candidate.apiKey())) {
            message = message.replace(candidate.apiKey(), "***");
        }
        if (!candidate.providerModel().equals(model)) message = message.replace(candidate.providerModel(), model);
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }
}
