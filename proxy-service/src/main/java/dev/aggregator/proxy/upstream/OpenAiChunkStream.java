package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's stream: each {@code data:} is a chunk, kept as the provider wrote it ({@link
 * StreamChunk}); {@code [DONE]} ends it. Events after {@code [DONE]} are ignored; reading on to the
 * end of the body lets the connection return to the pool instead of being dropped.
 */
final class OpenAiChunkStream extends SseChunkStream {

    private final JsonMapper json;
    private boolean done;

    OpenAiChunkStream(UpstreamBody body, JsonMapper json, Duration firstWait, Duration idleWait) {
        super(body, firstWait, idleWait);
        this.json = json;
    }

    @Override
    protected void onEvent(SseEvent event, Consumer<StreamChunk> emit) throws IOException {
        if (done) return;
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        var chunk = StreamChunk.received(data, json);
        if (chunk.mayCarryError() && chunk.json().has("error")) {
            throw new StreamErrorEvent(chunk.json().get("error"));
        }
        emit.accept(chunk);
    }
}
