package dev.aggregator.common.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link TraceContexts} over Micrometer Tracing's tracer and W3C propagator. */
class OtelTraceContexts implements TraceContexts {

    private final Tracer tracer;
    private final Propagator propagator;

    OtelTraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public String current() {
        Span span = tracer.currentSpan();
        return span == null ? null : traceParent(span);
    }

    @Override
    public void tag(String key, String value) {
        Span span = tracer.currentSpan();
        if (span != null && value != null) span.tag(key, value);
    }

    @Override
    public void consumed(String name, long startMillis, List<String> parents, String eventType) {
        var distinct = new LinkedHashSet<String>(parents.size());
        for (String parent : parents) {
            if (parent != null && !parent.isEmpty() && !NO_CONTEXT.equals(parent)) distinct.add(parent);
        }
        for (String parent : distinct) {
            Span span = continuing(parent)
                    .name(name)
                    .kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "rabbitmq")
                    .tag("messaging.operation", "process")
                    .tag("aggregator.event_type", eventType)
                    .startTimestamp(startMillis, TimeUnit.MILLISECONDS)
                    .start();
            span.end();
        }
    }

    @Override
    public Publish publishing(String parent, String destination, String eventType) {
        Span span = continuing(parent)
                .name(destination + " publish")
                .kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "rabbitmq")
                .tag("messaging.operation", "publish")
                .tag("messaging.destination.name", destination)
                .tag("aggregator.event_type", eventType)
                .start();
        String context = traceParent(span);
        return new Publish() {
            @Override
            public String traceParent() {
                return context;
            }

            @Override
            public void end(Throwable failure) {
                if (failure != null) span.error(failure);
                span.end();
            }
        };
    }

    /** A span builder whose parent is the context of a {@code traceparent}. */
    private Span.Builder continuing(String parent) {
        return propagator.extract(Map.of(TRACEPARENT, parent), (carrier, key) -> carrier.get(key));
    }

    private String traceParent(Span span) {
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
