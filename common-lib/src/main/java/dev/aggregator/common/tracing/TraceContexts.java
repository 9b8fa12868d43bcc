package dev.aggregator.common.tracing;

import java.util.List;

/**
 * The few things the platform's own code does with traces: read the current trace context as a
 * W3C {@code traceparent} (to store it with an outbox row, which another thread publishes later),
 * tag the current span, record the span of a stored context's publish and a consumer's span under
 * the contexts its messages carried.
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

    TraceContexts NONE = new Untraced();

    /** Tracing off: {@link #NONE}; a test that fakes one method extends it. */
    class Untraced implements TraceContexts {

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
    }

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

    /**
     * Starts a PRODUCER span for the publish of one message, a child of {@code parent}: the
     * context stored with the event while its request ran. The message then carries the publish's
     * own context ({@link Publish#traceParent()}), so the consumer's span is a child of the publish.
     *
     * <p>Without tracing no span: the message carries {@code parent} on unchanged.
     *
     * @param parent a {@code traceparent}, neither null nor {@link #NO_CONTEXT}
     */
    default Publish publishing(String parent, String destination, String eventType) {
        return Publish.untraced(parent);
    }

    /** The span of one message's publish; ended once, when the broker confirmed it or did not. */
    interface Publish {

        /** The context the message carries on. */
        String traceParent();

        /** @param failure why the publish failed, or null once it is confirmed */
        void end(Throwable failure);

        /** No span: the message carries the stored context on unchanged. */
        static Publish untraced(String parent) {
            return new Publish() {
                @Override
                public String traceParent() {
                    return parent;
                }

                @Override
                public void end(Throwable failure) {}
            };
        }
    }
}
