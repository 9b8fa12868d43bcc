package dev.aggregator.proxy.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Splits a {@code text/event-stream} body into events as its bytes arrive. Comments (OpenRouter's
 * {@code : OPENROUTER PROCESSING} keep-alives) and {@code id:}/{@code retry:} fields are skipped.
 * Lines are cut on the {@code \n} byte, which never occurs inside a multi-byte UTF-8 character, and
 * decoded straight from the read buffer; only a line split across two reads is copied aside.
 */
final class SseReader implements AutoCloseable {

    private static final int READ_SIZE = 8 * 1024;

    private final UpstreamBody body;
    private final byte[] buffer = new byte[READ_SIZE];
    private int position;
    private int limit;
    /** The start of a line whose end has not arrived yet. */
    private byte[] partial = new byte[256];

    private int partialLength;
    private String event;
    private StringBuilder data;

    SseReader(UpstreamBody body) {
        this.body = body;
    }

    /** The next event, or null at the end of the body; waits at most {@code wait} for each read. */
    SseEvent next(Duration wait) throws IOException {
        String text;
        while ((text = nextLine(wait)) != null) {
            if (text.isEmpty()) {
                if (data != null) return dispatch();
                event = null;
            } else if (!text.startsWith(":")) {
                field(text);
            }
        }
        return data != null ? dispatch() : null;
    }

    private void field(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (name) {
            case "data" -> {
                if (data == null) data = new StringBuilder(value);
                else data.append('\n').append(value);
            }
            case "event" -> event = value;
            default -> {
                // id, retry and unknown fields carry nothing the proxy uses
            }
        }
    }

    private SseEvent dispatch() {
        var dispatched = new SseEvent(event, data.toString());
        event = null;
        data = null;
        return dispatched;
    }

    /** The next line without its terminator, or null at the end of the body. */
    private String nextLine(Duration wait) throws IOException {
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String line = line(position, i);
                    position = i + 1;
                    return line;
                }
            }
            keepPartial(position, limit);
            position = 0;
            limit = 0;
            int read = body.read(buffer, 0, buffer.length, wait);
            if (read < 0) return partialLength == 0 ? null : line(0, 0);
            limit = read;
        }
    }

    /** The line made of what was kept aside and {@code buffer[from, to)}, without a trailing CR. */
    private String line(int from, int to) {
        byte[] bytes = buffer;
        if (partialLength > 0) {
            keepPartial(from, to);
            bytes = partial;
            from = 0;
            to = partialLength;
            partialLength = 0;
        }
        if (to > from && bytes[to - 1] == '\r') to--;
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private void keepPartial(int from, int to) {
        int length = to - from;
        if (length == 0) return;
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(2 * partial.length, partialLength + length));
        }
        System.arraycopy(buffer, from, partial, partialLength, length);
        partialLength += length;
    }

    @Override
    public void close() {
        body.close();
    }
}
