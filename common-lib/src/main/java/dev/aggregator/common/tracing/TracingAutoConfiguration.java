package dev.aggregator.common.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link TraceContexts} for the platform's code: backed by the tracer when tracing is on ({@link
 * TracingSwitch}), {@link TraceContexts#NONE} otherwise.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration"
        })
public class TracingAutoConfiguration {

    @Bean
    TraceContexts traceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfUnique();
        Propagator p = propagator.getIfUnique();
        if (t == null || p == null || t == Tracer.NOOP) return TraceContexts.NONE;
        return new OtelTraceContexts(t, p);
    }
}
