package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.testsupport.Json;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The SSE parsing and the OpenAI stream on top of it, fed byte by byte as a network would. */
class SseChunkStreamTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void splitsEventsAcrossArbitraryBufferBoundaries() throws IOException {
        String wire = "data: {\"n\":1}\r\n\r\n: keep-alive comment\n\ndata: {\"n\":\n"
                + "data: 2}\n\nevent: ping\nid: 7\ndata: {\"n\":3}\n\n";
        var body = splitEvery(3, wire);
        var reader = new SseReader(body);
        assertThat(reader.next(WAIT)).isEqualTo(new SseEvent(null, "{\"n\":1}"));
        assertThat(reader.next(WAIT)).isEqualTo(new SseEvent(null, "{\"n\":\n2}"));
        assertThat(reader.next(WAIT)).isEqualTo(new SseEvent("ping", "{\"n\":3}"));
        assertThat(reader.next(WAIT)).isNull();
    }

    @Test
    void keepsMultiByteCharactersIntactWhenABufferSplitsThem() throws IOException {
        String wire = "data: {\"content\":\"héllo wörld – ✓\"}\n\n";
        var reader = new SseReader(splitEvery(1, wire));
        assertThat(reader.next(WAIT).data()).isEqualTo("{\"content\":\"héllo wörld – ✓\"}");
    }

    @Test
    void openAiStreamEndsAtDoneAndIgnoresAnythingAfterIt() throws IOException {
        String wire = "data: {\"id\":\"a\"}\n\ndata: [DONE]\n\ndata: {\"id\":\"late\"}\n\n";
        var stream = openAi(body(List.of(wire), true));
        assertThat(stream.next().path("id").asString()).isEqualTo("a");
        assertThat(stream.next()).isNull();
        assertThat(stream.next()).isNull();
    }

    @Test
    void startedReadsTheFirstChunkAheadAndStillReturnsIt() throws IOException {
        var stream = openAi(body(List.of("data: {\"id\":\"first\"}\n\ndata: [DONE]\n\n"), true))
                .started();
        ObjectNode first = stream.next();
        assertThat(first.path("id").asString()).isEqualTo("first");
        assertThat(stream.next()).isNull();
    }

    @Test
    void anErrorEventBeforeAnyChunkIsAProviderFailure() {
        var body = body(List.of("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n"), true);
        assertThatThrownBy(() -> openAi(body).started())
                .isInstanceOfSatisfying(
                        UpstreamFailure.class,
                        e -> assertThat(e.providerFault()).isTrue());
    }

    @Test
    void anErrorEventMidStreamBreaksIt() throws IOException {
        var stream = openAi(body(List.of("data: {\"id\":\"a\"}\n\ndata: {\"error\":{\"message\":\"x\"}}\n\n"), true));
        stream.next();
        assertThatThrownBy(stream::next).isInstanceOf(IOException.class);
    }

    @Test
    void anEmptyStreamIsABadResponse() {
        assertThatThrownBy(() -> openAi(body(List.of(), true)).started())
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.BAD_RESPONSE));
    }

    @Test
    void silenceLongerThanTheIdleTimeoutBreaksTheStream() throws IOException {
        var body = body(List.of("data: {\"id\":\"a\"}\n\n"), false);
        var stream = new OpenAiChunkStream(body, Json.MAPPER, WAIT, Duration.ofMillis(50));
        assertThat(stream.next()).isNotNull();
        assertThatThrownBy(stream::next).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aFirstEventThatNeverComesIsATimeout() {
        var body = body(List.of(), false);
        var stream = new OpenAiChunkStream(body, Json.MAPPER, Duration.ofMillis(50), WAIT);
        assertThatThrownBy(stream::started)
                .isInstanceOfSatisfying(
                        UpstreamFailure.class, e -> assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.TIMEOUT));
    }

    private static OpenAiChunkStream openAi(UpstreamBody body) {
        return new OpenAiChunkStream(body, Json.MAPPER, WAIT, WAIT);
    }

    private static UpstreamBody body(List<String> pieces, boolean complete) {
        return Bodies.ofText(pieces, complete);
    }

    private static UpstreamBody splitEvery(int size, String text) {
        return Bodies.splitEvery(size, text);
    }
}
