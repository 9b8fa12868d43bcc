package dev.aggregator.proxy.upstream;

import java.io.IOException;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider's streamed answer as OpenAI {@code chat.completion.chunk} objects, whatever the
 * provider's own wire format. Closing it before the end cancels the upstream transfer.
 */
public interface ChunkStream extends AutoCloseable {

    /**
     * The next chunk, or null when the provider ended the stream.
     *
     * @throws IOException when the stream broke, went silent for too long, or carried an error
     */
    ObjectNode next() throws IOException;

    @Override
    void close();
}
