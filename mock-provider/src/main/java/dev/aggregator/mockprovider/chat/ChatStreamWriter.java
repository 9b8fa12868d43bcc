package dev.aggregator.mockprovider.chat;

import dev.aggregator.mockprovider.simulation.UpstreamSimulator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a reply as OpenAI's server-sent events. Each event is flushed on its own so a client
 * (and the proxy relaying it) sees every chunk when it is produced, not when the buffer fills.
 *
 * <p>Since Spring Framework 7.0.6 the stream handed to a {@link StreamingResponseBody} ignores
 * {@code flush()} (spring-framework#36385), which turned the stream into one buffered answer.
 * The events are therefore written to the servlet response's own stream, whose flush reaches
 * the socket; Spring still runs the body asynchronously and completes the response.
 */
@Component
class ChatStreamWriter {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper jsonMapper;

    ChatStreamWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /**
     * @param abortAfter stop after this many content chunks without finishing, or null for a
     *     complete stream
     */
    StreamingResponseBody stream(
            HttpServletResponse response,
            String id,
            long created,
            String model,
            MockReply reply,
            boolean includeUsage,
            long chunkDelayMs,
            @Nullable Integer abortAfter) {
        return ignoredNonFlushingStream -> {
            OutputStream out = response.getOutputStream();
            write(out, ChatCompletionChunk.role(id, created, model));
            int sent = 0;
            for (String piece : reply.pieces()) {
                if (abortAfter != null && sent == abortAfter) {
                    return; // the upstream "dies": no finish chunk, no [DONE]
                }
                UpstreamSimulator.sleep(chunkDelayMs);
                write(out, ChatCompletionChunk.content(id, created, model, piece));
                sent++;
            }
            write(out, ChatCompletionChunk.finish(id, created, model, reply.finishReason()));
            if (includeUsage) {
                write(out, ChatCompletionChunk.usage(id, created, model, reply.usage()));
            }
            out.write(DONE);
            out.flush();
        };
    }

    private void write(OutputStream out, ChatCompletionChunk chunk) throws IOException {
        out.write(DATA);
        // To bytes first: writeValue(OutputStream) would close the response stream.
        out.write(jsonMapper.writeValueAsBytes(chunk));
        out.write(EVENT_END);
        out.flush();
    }
}
