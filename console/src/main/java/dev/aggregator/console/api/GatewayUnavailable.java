package dev.aggregator.console.api;

/** The gateway could not be reached or did not answer in time. */
public class GatewayUnavailable extends RuntimeException {

    public GatewayUnavailable(Throwable cause) {
        super("The platform API could not be reached. Try again in a moment.", cause);
    }
}
