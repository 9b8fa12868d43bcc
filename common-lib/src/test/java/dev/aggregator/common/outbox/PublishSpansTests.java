package dev.aggregator.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.tracing.TraceContexts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay's publish spans: each stored context continued in place, all ended with the batch. */
class PublishSpansTests {

    private static final String A = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String B = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /** Publishes as spans named after their parent, recording how each ended. */
    private final List<String> ended = new ArrayList<>();

    private final TraceContexts traces = new TraceContexts.Untraced() {
        @Override
        public Publish publishing(String parent, String destination, String eventType) {
            return new Publish() {
                @Override
                public String traceParent() {
                    return "publish(" + parent + ")";
                }

                @Override
                public void end(Throwable failure) {
                    ended.add(traceParent() + (failure == null ? "" : " failed"));
                }
            };
        }
    };

    @Test
    void anArrayRowKeepsItsOrderAndItsGapsAndEverySpanEndsWithTheBatch() {
        var spans = new PublishSpans(traces, "aggregator.events");

        assertThat(spans.continued(A, "usage.recorded")).isEqualTo("publish(" + A + ")");
        assertThat(spans.continued(B + " - " + A, "usage.recorded"))
                .isEqualTo("publish(" + B + ") - publish(" + A + ")");
        assertThat(ended).isEmpty();

        spans.ended(null);
        assertThat(ended).containsExactly("publish(" + A + ")", "publish(" + B + ")", "publish(" + A + ")");
    }

    @Test
    void aBatchTheBrokerDidNotConfirmEndsItsSpansWithTheFailure() {
        var spans = new PublishSpans(traces, "aggregator.events");
        spans.continued(A, "company.registered");

        spans.ended(new IllegalStateException("no confirm"));

        assertThat(ended).containsExactly("publish(" + A + ") failed");
    }

    @Test
    void withoutTracingTheStoredContextsPassUnchanged() {
        var spans = new PublishSpans(TraceContexts.NONE, "aggregator.events");

        assertThat(spans.continued(B + " - " + A, "usage.recorded")).isEqualTo(B + " - " + A);
        spans.ended(null);
    }
}
