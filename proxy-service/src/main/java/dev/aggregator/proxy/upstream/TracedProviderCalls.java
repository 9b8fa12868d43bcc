package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.io.IOException;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Provider calls as client spans, a bean only while tracing is on ({@code aggregator.tracing.enabled},
 * set by common-lib's {@code TracingSwitch}). A span names the provider, its model and the attempt
 * number, and says how the call ended: a failure's kind and HTTP status. Never the key, the prompt
 * or the provider's error text. The span is a child of the current one (the request's server span)
 * but is not made current: nothing below it is traced, and the provider is sent no trace header.
 */
@Component
@ConditionalOnBooleanProperty("aggregator.tracing.enabled")
class TracedProviderCalls implements ProviderCallSpans {

    static final String NAME = "provider call";

    private final Tracer tracer;

    TracedProviderCalls(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Call started(Candidate candidate, int attempt) {
        Span.Builder builder = tracer.spanBuilder();
        Span parent = tracer.currentSpan();
        if (parent != null) builder.setParent(parent.context());
        Span span = builder.name(NAME)
                .kind(Span.Kind.CLIENT)
                .remoteServiceName(candidate.providerName())
                .tag("aggregator.provider", candidate.providerName())
                .tag("aggregator.provider_type", candidate.providerType())
                .tag("gen_ai.request.model", candidate.providerModel())
                .tag("aggregator.attempt", attempt)
                .start();
        return new SpanCall(span);
    }

    private record SpanCall(Span span) implements Call {

        @Override
        @SuppressWarnings("unchecked")
        public <T> T answered(T answer) {
            span.tag("aggregator.outcome", "answered");
            if (answer instanceof ChunkStream stream) return (T) new SpanEndingStream(stream, span);
            span.end();
            return answer;
        }

        @Override
        public void failed(RuntimeException failure) {
            if (failure instanceof UpstreamFailure upstream) {
                span.tag("aggregator.outcome", upstream.kind().name().toLowerCase(Locale.ROOT));
                if (upstream.status() > 0) span.tag("http.response.status_code", upstream.status());
                // Its message is ours ("HTTP 429", "timed out waiting for ..."); the provider's
                // own error text, which may quote the prompt, is kept apart and never recorded.
                span.error(upstream);
            } else {
                // Anything else may carry text of the request in its message: only its type.
                span.tag("aggregator.outcome", "error");
                span.tag("error.type", failure.getClass().getName());
            }
            span.end();
        }
    }

    /** A streamed answer whose span ends with the stream: at its last chunk, a failure or close. */
    private static final class SpanEndingStream implements ChunkStream {

        private final ChunkStream delegate;
        private final Span span;
        private boolean ended;

        SpanEndingStream(ChunkStream delegate, Span span) {
            this.delegate = delegate;
            this.span = span;
        }

        @Override
        public StreamChunk nextChunk() throws IOException {
            try {
                StreamChunk chunk = delegate.nextChunk();
                if (chunk == null) end(null);
                return chunk;
            } catch (IOException | RuntimeException e) {
                end(e);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                end(null);
            }
        }

        private void end(Throwable failure) {
            if (ended) return;
            ended = true;
            if (failure != null) {
                span.tag("aggregator.outcome", "stream_broken");
                span.tag("error.type", failure.getClass().getName());
            }
            span.end();
        }
    }
}
