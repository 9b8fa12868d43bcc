package dev.aggregator.proxy.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;

/** Response bodies fed from memory, piece by piece, as the JDK client would push them. */
final class Bodies {

    private Bodies() {}

    static UpstreamBody of(List<byte[]> pieces, boolean complete) {
        var body = new UpstreamBody();
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        for (byte[] piece : pieces) {
            body.onNext(List.of(ByteBuffer.wrap(piece)));
        }
        if (complete) body.onComplete();
        return body;
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
