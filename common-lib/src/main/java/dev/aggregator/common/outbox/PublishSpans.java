package dev.aggregator.common.outbox;

import dev.aggregator.common.tracing.TraceContexts;
import java.util.ArrayList;
import java.util.List;

/**
 * The publish spans of one relay batch. Each context stored with a row (several, space-separated,
 * for a row holding an array of events) is continued by a PRODUCER span whose own context the
 * message carries instead, so the consumer's span hangs under the publish; all of them end once the
 * broker confirmed the batch, or failed to. With tracing off the stored contexts pass unchanged.
 */
final class PublishSpans {

    private final TraceContexts traces;
    private final String destination;
    private final List<TraceContexts.Publish> started = new ArrayList<>();

    PublishSpans(TraceContexts traces, String destination) {
        this.traces = traces;
        this.destination = destination;
    }

    /** What the message of a row carries on, in the stored contexts' form and order. */
    String continued(String stored, String eventType) {
        if (stored.indexOf(' ') < 0) return continuedOne(stored, eventType);
        String[] contexts = stored.split(" ");
        for (int i = 0; i < contexts.length; i++) contexts[i] = continuedOne(contexts[i], eventType);
        return String.join(" ", contexts);
    }

    private String continuedOne(String parent, String eventType) {
        if (parent.isEmpty() || TraceContexts.NO_CONTEXT.equals(parent)) return parent;
        var publish = traces.publishing(parent, destination, eventType);
        started.add(publish);
        return publish.traceParent();
    }

    /** @param failure why the batch was not confirmed, or null */
    void ended(Throwable failure) {
        for (var publish : started) publish.end(failure);
        started.clear();
    }
}
