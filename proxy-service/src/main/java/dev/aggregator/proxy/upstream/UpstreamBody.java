package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The body of a provider's answer, pulled on the calling thread with a bound on each wait for
 * data. Bytes go from the connection's buffer straight into the reader's array; a slow client
 * slows the upstream down (TCP backpressure) instead of filling memory.
 */
final class UpstreamBody implements AutoCloseable {

    /** Where the bytes come from: a response on its pooled connection, or memory in tests. */
    interface Source {

        /**
         * Reads like {@link java.io.InputStream#read(byte[], int, int)}, waiting at most
         * {@code wait} for the first byte.
         *
         * @throws SocketTimeoutException when nothing arrived within {@code wait}
         */
        int read(byte[] into, int offset, int length, Duration wait) throws IOException;

        /**
         * Ends the exchange. {@code abort}: the body was not read to its end, so the connection is
         * dropped and the provider stops sending; otherwise it goes back to the pool.
         */
        void close(boolean abort);
    }

    private static final int READ_SIZE = 8 * 1024;

    private final Source source;
    private boolean ended;
    private boolean closed;

    UpstreamBody(Source source) {
        this.source = source;
    }

    /**
     * Up to {@code length} bytes of the body, -1 at its end.
     *
     * @throws HttpTimeoutException when nothing arrived within {@code wait}; the body is closed
     */
    int read(byte[] into, int offset, int length, Duration wait) throws IOException {
        if (ended) return -1;
        if (closed) throw new IOException("the upstream body was closed");
        try {
            int read = source.read(into, offset, length, wait);
            if (read < 0) ended = true;
            return read;
        } catch (SocketTimeoutException e) {
            close();
            throw new HttpTimeoutException("no data within " + wait);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The whole (rest of the) body, failing past {@code maxBytes} or the deadline. */
    byte[] readAll(Duration timeout, int maxBytes) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] all = new byte[READ_SIZE];
        int size = 0;
        while (true) {
            if (size == all.length) {
                if (size >= maxBytes) {
                    close();
                    throw new IOException("response body larger than " + maxBytes + " bytes");
                }
                all = Arrays.copyOf(all, (int) Math.min((long) maxBytes + 1, 2L * size));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                close();
                throw new HttpTimeoutException("the body took longer than " + timeout);
            }
            int read = read(all, size, all.length - size, Duration.ofNanos(left));
            if (read < 0) break;
            size += read;
            if (size > maxBytes) {
                close();
                throw new IOException("response body larger than " + maxBytes + " bytes");
            }
        }
        return size == all.length ? all : Arrays.copyOf(all, size);
    }

    /** Before the end this stops the transfer; the connection is dropped, not returned to the pool. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        source.close(!ended);
    }
}
