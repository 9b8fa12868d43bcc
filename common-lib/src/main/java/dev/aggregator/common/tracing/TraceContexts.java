package dev.aggregator.common.tracing;

import java.util.List;

/**
 * The few things the platform's own code does with traces: read the current trace context as a
 * W3C {@code traceparent} (to store it with an outbox row, which another thread publishes later),
 * tag the current span, and record a consumer's span under the contexts its messages carried.
 *
 * <p>{@link #NONE} when tracing is off: every method returns at once, so callers need no check of
 * their own beyond {@link #enabled()} where building the arguments costs something.
 */
public interface TraceContexts {

    /** Header of the standard W3C trace context. */
    String TRACEPARENT = "traceparent";

    /**
     * Header of a message whose body is a JSON array of events from several requests: their
     * {@code traceparent}s in the order of the array, space-separated, {@code -} for none.
     */
    String TRACEPARENTS = "aggregator-traceparents";

    String NO_CONTEXT = "-";

    TraceContexts NONE = new TraceContexts() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String current() {
            return null;
        }

        @Override
        public void tag(String key, String value) {}

        @Override
        public void consumed(String name, long startMillis, List<String> parents, String eventType) {}
    };

    boolean enabled();

    /** The current span's context as a {@code traceparent}, or null without a current span. */
    String current();

    /** Tags the current span, if there is one. */
    void tag(String key, String value);

    /**
     * Records one consumer span per distinct parent context, from {@code startMillis} until now,
     * each a child of that context: the consumer's work continues the producer's trace.
     *
     * @param parents {@code traceparent}s; null and {@link #NO_CONTEXT} entries are skipped
     */
    void consumed(String name, long startMillis, List<String> parents, String eventType);
}
