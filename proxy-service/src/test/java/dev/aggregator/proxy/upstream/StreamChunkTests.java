package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.testsupport.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StreamChunkTests {

    private static final String CLIENT_MODEL = "\"model\":\"client-model\"";

    @Test
    void aNullUsageIsNoUsageButAnObjectMayBe() throws IOException {
        assertThat(received("{\"model\":\"m\",\"choices\":[],\"usage\":null}").mayCarryUsage())
                .isFalse();
        assertThat(received("{\"model\":\"m\",\"choices\":[],\"usage\" : null}").mayCarryUsage())
                .isFalse();
        assertThat(received("{\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":1}}")
                        .mayCarryUsage())
                .isTrue();
        assertThat(received("{\"model\":\"m\",\"choices\":[]}").mayCarryUsage()).isFalse();
    }

    @Test
    void keysInsideTextNeverMatchBecauseTheirQuotesAreEscaped() throws IOException {
        var chunk = received("{\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":"
                + "\"\\\"usage\\\":{}, \\\"finish_reason\\\":\\\"stop\\\"\"},\"finish_reason\":null}]}");
        assertThat(chunk.mayCarryUsage()).isFalse();
        assertThat(chunk.finishes()).isFalse();
        assertThat(chunk.text()).isNotNull(); // nothing had to be parsed
    }

    @Test
    void aFinishReasonThatIsAStringFinishes() throws IOException {
        assertThat(received("{\"choices\":[{\"delta\":{},\"finish_reason\": \"stop\"}]}")
                        .finishes())
                .isTrue();
        assertThat(received("{\"choices\":[{\"delta\":{},\"finish_reason\":null}]}")
                        .finishes())
                .isFalse();
    }

    @Test
    void forwardedRenamesTheModelInPlaceAndDropsANullUsageOnRequest() throws IOException {
        var chunk = received("{\"id\":\"c\",\"model\" : \"openai/gpt-4o\",\"choices\":[],\"usage\":null}");
        assertThat(chunk.forwarded(CLIENT_MODEL, true))
                .isEqualTo("{\"id\":\"c\",\"model\":\"client-model\",\"choices\":[],\"usage\":null}");
        assertThat(chunk.forwarded(CLIENT_MODEL, false))
                .isEqualTo("{\"id\":\"c\",\"model\":\"client-model\",\"choices\":[]}");
        var usageFirst = received("{\"usage\":null, \"model\":\"client-model\",\"choices\":[]}");
        assertThat(usageFirst.forwarded(CLIENT_MODEL, false)).isEqualTo("{\"model\":\"client-model\",\"choices\":[]}");
    }

    @Test
    void shapesItCannotHandleAsTextAreLeftToTheParser() throws IOException {
        // An escape in the model's name, a "model" only inside the choices, usage figures, a parsed chunk.
        assertThat(received("{\"model\":\"a\\\"b\",\"choices\":[]}").forwarded(CLIENT_MODEL, true))
                .isNull();
        assertThat(received("{\"choices\":[{\"model\":\"x\"}],\"model\":\"m\"}").forwarded(CLIENT_MODEL, true))
                .isNull();
        assertThat(received("{\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":1}}")
                        .forwarded(CLIENT_MODEL, true))
                .isNull();
        var parsed = received("{\"model\":\"m\",\"choices\":[]}");
        parsed.json();
        assertThat(parsed.forwarded(CLIENT_MODEL, true)).isNull();
    }

    @Test
    void textThatIsNotAnObjectIsRefusedAndMalformedJsonFailsWhenRead() throws IOException {
        assertThatThrownBy(() -> received("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> received("{\"model\":").json()).isInstanceOf(IOException.class);
        var malformed = received("{\"model\": }");
        assertThatThrownBy(malformed::json).isInstanceOf(IOException.class);
    }

    private static StreamChunk received(String text) throws IOException {
        return StreamChunk.received(text, Json.MAPPER);
    }
}
