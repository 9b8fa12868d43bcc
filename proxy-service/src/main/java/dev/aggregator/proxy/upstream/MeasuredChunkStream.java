package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.util.function.ObjLongConsumer;
import tools.jackson.databind.JsonNode;

/**
 * A stream that reports, when it ends, how many completion tokens it carried (from its usage
 * chunk) and how long they took from its first chunk: the provider's throughput.
 */
final class MeasuredChunkStream implements ChunkStream {

    private final ChunkStream delegate;
    private final ObjLongConsumer<Long> report;
    private final long started = System.nanoTime();
    private long completionTokens;
    private boolean reported;

    /** @param report receives (completion tokens, nanoseconds) once */
    MeasuredChunkStream(ChunkStream delegate, ObjLongConsumer<Long> report) {
        this.delegate = delegate;
        this.report = report;
    }

    @Override
    public StreamChunk nextChunk() throws IOException {
        StreamChunk chunk = delegate.nextChunk();
        if (chunk == null) {
            report();
            return null;
        }
        if (chunk.mayCarryUsage()) {
            JsonNode tokens = chunk.json().path("usage").path("completion_tokens");
            if (tokens.isNumber()) completionTokens = tokens.asLong();
        }
        return chunk;
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            report();
        }
    }

    private void report() {
        if (reported) return;
        reported = true;
        if (completionTokens > 0) report.accept(completionTokens, System.nanoTime() - started);
    }
}
