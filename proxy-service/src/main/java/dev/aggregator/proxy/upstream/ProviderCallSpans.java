package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;

/**
 * A client span for each call to a provider, under the request's server span, while tracing is on
 * ({@link TracedProviderCalls}). Off, {@link #NONE} starts nothing: no span, no observation, no
 * allocation, and the call's latency is timed once, by {@code ProxyMetrics}, either way.
 */
interface ProviderCallSpans {

    ProviderCallSpans NONE = (candidate, attempt) -> Call.NONE;

    /**
     * @param candidate the provider, model and key of this attempt; the key never reaches the span
     * @param attempt the request's upstream call number, from 1
     */
    Call started(Candidate candidate, int attempt);

    /** One provider call's span; each call ends it once, by one of the two methods. */
    interface Call {

        Call NONE = new Call() {
            @Override
            public <T> T answered(T answer) {
                return answer;
            }

            @Override
            public void failed(RuntimeException failure) {}
        };

        /**
         * The provider answered: the span ends now, or, for a stream, when the stream ends.
         *
         * @return the answer, a stream wrapped so that its end ends the span
         */
        <T> T answered(T answer);

        void failed(RuntimeException failure);
    }
}
