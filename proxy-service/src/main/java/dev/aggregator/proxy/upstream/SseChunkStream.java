package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;

/**
 * A {@link ChunkStream} over server-sent events: subclasses turn each event into zero or more
 * OpenAI chunks. The first event may take as long as a provider needs to start answering; after
 * that, each silence is bounded by the idle timeout.
 */
abstract class SseChunkStream implements ChunkStream {

    private final SseReader reader;
    private final Duration firstWait;
    private final Duration idleWait;
    private final ArrayDeque<StreamChunk> pending = new ArrayDeque<>();
    private boolean started;
    private boolean ended;

    SseChunkStream(UpstreamBody body, Duration firstWait, Duration idleWait) {
        this.reader = new SseReader(body);
        this.firstWait = firstWait;
        this.idleWait = idleWait;
    }

    /**
     * Turns one event into chunks.
     *
     * @throws IOException for an error event or a chunk that is not JSON
     */
    protected abstract void onEvent(SseEvent event, Consumer<StreamChunk> emit) throws IOException;

    @Override
    public final StreamChunk nextChunk() throws IOException {
        while (pending.isEmpty()) {
            if (ended) return null;
            SseEvent event = reader.next(started ? idleWait : firstWait);
            started = true;
            if (event == null) {
                ended = true;
                return null;
            }
            try {
                onEvent(event, pending::add);
            } catch (JacksonException e) {
                throw new IOException("malformed event in the upstream stream", e);
            }
        }
        return pending.poll();
    }

    /**
     * Reads ahead to the first chunk while nothing has been sent to the client yet, so that a
     * provider failing at the very start is a failure the next candidate can make up for.
     */
    final ChunkStream started() {
        try {
            StreamChunk first = nextChunk();
            if (first == null) throw UpstreamFailure.badResponse("a stream without any chunk");
            pending.addFirst(first);
            return this;
        } catch (StreamErrorEvent e) {
            close();
            throw UpstreamFailure.errorEvent(e.error());
        } catch (HttpTimeoutException e) {
            close();
            throw UpstreamFailure.timeout("the first stream event");
        } catch (IOException e) {
            close();
            throw UpstreamFailure.connect(e);
        } catch (UpstreamFailure e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
