package dev.aggregator.mockprovider.simulation;

import org.jspecify.annotations.Nullable;

/**
 * Per-request overrides read from {@code x-mock-*} headers, so a test can make one call slow or
 * failing without reconfiguring the server other tests share. A {@code null} means "use the
 * configured default".
 *
 * @param latencyMs {@code x-mock-latency-ms}: delay before answering
 * @param failStatus {@code x-mock-fail-status}: answer this 4xx/5xx status instead
 * @param chunkDelayMs {@code x-mock-chunk-delay-ms}: delay before each streamed content chunk
 * @param completionTokens {@code x-mock-completion-tokens}: pad the reply to this many words
 *     (still capped by {@code max_tokens}), to benchmark larger answers
 * @param streamAbortAfter {@code x-mock-stream-abort-after}: end a stream after this many content
 *     chunks, without a finish chunk or {@code [DONE]}, like an upstream dying mid-answer
 */
public record MockDirectives(
        @Nullable Long latencyMs,
        @Nullable Integer failStatus,
        @Nullable Long chunkDelayMs,
        @Nullable Integer completionTokens,
        @Nullable Integer streamAbortAfter) {

    public static final String LATENCY_MS = "x-mock-latency-ms";
    public static final String FAIL_STATUS = "x-mock-fail-status";
    public static final String CHUNK_DELAY_MS = "x-mock-chunk-delay-ms";
    public static final String COMPLETION_TOKENS = "x-mock-completion-tokens";
    public static final String STREAM_ABORT_AFTER = "x-mock-stream-abort-after";
}
