package dev.aggregator.proxy.upstream;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Response bodies fed from memory, piece by piece, as a network would deliver them. */
final class Bodies {

    private static final byte[] END = new byte[0];

    private Bodies() {}

    static UpstreamBody of(List<byte[]> pieces, boolean complete) {
        BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(pieces);
        if (complete) queue.add(END);
        return new UpstreamBody(new UpstreamBody.Source() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read(byte[] into, int offset, int length, Duration wait) throws SocketTimeoutException {
                if (position == current.length) {
                    if (current == END) return -1;
                    byte[] next;
                    try {
                        next = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SocketTimeoutException("interrupted");
                    }
                    if (next == null) throw new SocketTimeoutException("no data within " + wait);
                    current = next;
                    position = 0;
                    if (next == END) return -1;
                }
                int count = Math.min(length, current.length - position);
                System.arraycopy(current, position, into, offset, count);
                position += count;
                return count;
            }

            @Override
            public void close(boolean abort) {}
        });
    }

    static UpstreamBody ofText(List<String> pieces, boolean complete) {
        return of(
                pieces.stream()
                        .map(piece -> piece.getBytes(StandardCharsets.UTF_8))
                        .toList(),
                complete);
    }

    /** The UTF-8 bytes of {@code text} cut every {@code size} bytes, regardless of characters. */
    static UpstreamBody splitEvery(int size, String text) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        var pieces = new ArrayList<byte[]>();
        for (int i = 0; i < all.length; i += size) {
            pieces.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
        }
        return of(pieces, true);
    }
}
