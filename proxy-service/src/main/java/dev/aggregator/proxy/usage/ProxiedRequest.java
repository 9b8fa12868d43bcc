package dev.aggregator.proxy.usage;

import dev.aggregator.common.identity.Identity;

/**
 * One client request as the usage event describes it, known before any provider is chosen.
 *
 * @param endpoint the public path, e.g. {@code /v1/chat/completions}
 * @param model the model the client asked for (the answer and the event keep this name)
 * @param startedNanos {@link System#nanoTime()} when the request arrived, for latency and TTFT
 */
public record ProxiedRequest(
        String requestId, Identity identity, String endpoint, String model, boolean streamed, long startedNanos) {

    public long elapsedMillis() {
        return millisSinceStart(System.nanoTime());
    }

    public long millisSinceStart(long nanoTime) {
        return (nanoTime - startedNanos) / 1_000_000;
    }
}
