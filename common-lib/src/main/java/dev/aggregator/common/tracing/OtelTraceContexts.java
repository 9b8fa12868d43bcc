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
        if (span == null) return null;
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
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
            Span span = propagator
                    .extract(Map.of(TRACEPARENT, parent), (carrier, key) -> carrier.get(key))
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
}
