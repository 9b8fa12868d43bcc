package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.Candidate;

/** Every candidate failed (or was skipped); the last failure decides the client's status. */
public class ProvidersExhausted extends RuntimeException {

    private final Candidate lastTried;
    private final UpstreamFailure lastFailure;
    private final int tried;

    ProvidersExhausted(Candidate lastTried, UpstreamFailure lastFailure, int tried) {
        super("all candidates failed", null, false, false);
        this.lastTried = lastTried;
        this.lastFailure = lastFailure;
        this.tried = tried;
    }

    /** The candidate tried last, for the usage event of the failed request. */
    public Candidate lastTried() {
        return lastTried;
    }

    /**
     * 504 when the last provider did not answer in time, 503 when it was overloaded or rate
     * limited, 502 for any other failure.
     */
    public OpenAiException toOpenAi(String model) {
        String tries = tried == 1 ? "The provider" : "All %d providers".formatted(tried);
        return switch (lastFailure.kind()) {
            case TIMEOUT ->
                OpenAiException.upstreamTimeout(
                        "%s for model '%s' did not answer in time. Please retry.".formatted(tries, model));
            case OVERLOADED ->
                OpenAiException.providerUnavailable("%s for model '%s' %s overloaded right now. Please retry shortly."
                        .formatted(tries, model, tried == 1 ? "is" : "are"));
            default ->
                OpenAiException.upstreamError(
                        "%s for model '%s' failed to answer. Please retry.".formatted(tries, model));
        };
    }
}
