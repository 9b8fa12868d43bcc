package dev.aggregator.proxy.upstream;

import java.io.IOException;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider's streamed answer as OpenAI {@code chat.completion.chunk}s, whatever the provider's
 * own wire format. Closing it before the end cancels the upstream transfer.
 */
public interface ChunkStream extends AutoCloseable {

    /**
     * The next chunk, as the provider sent it where it speaks OpenAI's format, or null when the
     * provider ended the stream.
     *
     * @throws IOException when the stream broke, went silent for too long, or carried an error
     */
    StreamChunk nextChunk() throws IOException;

    /** The next chunk as an object, for readers that need its fields; null at the end. */
    default ObjectNode next() throws IOException {
        StreamChunk chunk = nextChunk();
        return chunk == null ? null : chunk.json();
    }

    @Override
    void close();
}
