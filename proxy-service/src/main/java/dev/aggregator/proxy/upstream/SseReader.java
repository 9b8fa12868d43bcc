package dev.aggregator.proxy.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Splits a {@code text/event-stream} body into events as its bytes arrive. Comments (OpenRouter's
 * {@code : OPENROUTER PROCESSING} keep-alives) and {@code id:}/{@code retry:} fields are skipped.
 * Lines are cut on the {@code \n} byte, which never occurs inside a multi-byte UTF-8 character.
 */
final class SseReader implements AutoCloseable {

    private final UpstreamBody body;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private ByteBuffer buffer;
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
            if (buffer == null || !buffer.hasRemaining()) {
                buffer = body.next(wait);
                if (buffer == null) {
                    if (line.size() == 0) return null;
                    return takeLine();
                }
            }
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') return takeLine();
                line.write(b);
            }
        }
    }

    private String takeLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        body.close();
    }
}
