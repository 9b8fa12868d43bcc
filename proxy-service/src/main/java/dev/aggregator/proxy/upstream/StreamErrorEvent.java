package dev.aggregator.proxy.upstream;

import java.io.IOException;
import tools.jackson.databind.JsonNode;

/** A provider reported an error inside its stream instead of through the HTTP status. */
final class StreamErrorEvent extends IOException {

    private final transient JsonNode error;

    StreamErrorEvent(JsonNode error) {
        super("error event in the upstream stream");
        this.error = error;
    }

    JsonNode error() {
        return error;
    }
}
