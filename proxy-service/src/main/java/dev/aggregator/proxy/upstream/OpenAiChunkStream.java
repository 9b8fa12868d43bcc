package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's stream: each {@code data:} is a chunk, {@code [DONE]} ends it. Events after
 * {@code [DONE]} are ignored; reading on to the end of the body lets the connection return to the
 * pool instead of being dropped.
 */
final class OpenAiChunkStream extends SseChunkStream {

    private final JsonMapper json;
    private boolean done;

    OpenAiChunkStream(UpstreamBody body, JsonMapper json, Duration firstWait, Duration idleWait) {
        super(body, firstWait, idleWait);
        this.json = json;
    }

    @Override
    protected void onEvent(SseEvent event, Consumer<ObjectNode> emit) throws IOException {
        if (done) return;
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk = json.readTree(data);
        if (!chunk.isObject()) throw new IOException("a stream event that is not a JSON object");
        if (chunk.has("error")) throw new StreamErrorEvent(chunk.get("error"));
        emit.accept((ObjectNode) chunk);
    }
}
