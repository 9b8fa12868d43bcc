package dev.aggregator.proxy.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read by pulling, with a bound on how long each wait for data may take. The JDK
 * client pushes buffers ({@link Flow.Subscriber}); the reader waits for the next one with a
 * timeout, which a blocking {@code InputStream} cannot do. One buffer list is requested at a time,
 * so a slow client slows the upstream down instead of filling memory.
 */
final class UpstreamBody implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> current = Collections.emptyIterator();
    private boolean ended;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (closed) subscription.cancel();
        else subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        signals.add(buffers);
    }

    @Override
    public void onError(Throwable error) {
        signals.add(error);
    }

    @Override
    public void onComplete() {
        signals.add(END);
    }

    /**
     * The next bytes of the body, or null at its end.
     *
     * @throws HttpTimeoutException when nothing arrived within {@code wait}
     */
    ByteBuffer next(Duration wait) throws IOException {
        while (true) {
            if (ended) return null;
            while (current.hasNext()) {
                ByteBuffer buffer = current.next();
                if (buffer.hasRemaining()) return buffer;
            }
            Object signal = poll(wait);
            if (signal == END) {
                ended = true;
                return null;
            }
            if (signal instanceof Throwable error) {
                ended = true;
                throw error instanceof IOException io ? io : new IOException(error);
            }
            @SuppressWarnings("unchecked")
            var buffers = (List<ByteBuffer>) signal;
            current = buffers.iterator();
            subscription.request(1);
        }
    }

    /** The whole (rest of the) body, failing past {@code maxBytes} or the deadline. */
    byte[] readAll(Duration timeout, int maxBytes) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var out = new ByteArrayOutputStream();
        ByteBuffer buffer;
        while ((buffer = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null) {
            if (out.size() + buffer.remaining() > maxBytes) {
                close();
                throw new IOException("response body larger than " + maxBytes + " bytes");
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk);
        }
        return out.toByteArray();
    }

    /** Stops the transfer; the connection is dropped rather than returned to the pool. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        var s = subscription;
        if (s != null && !ended) s.cancel();
    }

    private Object poll(Duration wait) throws IOException {
        try {
            Object signal = signals.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (signal == null) {
                close();
                throw new HttpTimeoutException("no data within " + wait);
            }
            return signal;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading the upstream body");
        }
    }
}
