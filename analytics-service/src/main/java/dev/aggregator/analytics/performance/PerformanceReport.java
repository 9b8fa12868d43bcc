package dev.aggregator.analytics.performance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Latency and reliability per provider and model over {@code [from, to)}. */
record PerformanceReport(List<Entry> data, Instant from, Instant to) {

    /**
     * {@code errorRate} is the share of requests that failed, 0 to 1. {@code ttftMs} is
     * {@code null} when no request of the group recorded a time to first token.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Entry(
            String provider,
            String model,
            long requests,
            BigDecimal errorRate,
            Percentiles latencyMs,
            Percentiles ttftMs) {}

    /** Continuous percentiles in milliseconds, rounded to 0.1 ms. */
    record Percentiles(BigDecimal p50, BigDecimal p95, BigDecimal p99) {

        static Percentiles ofNullable(BigDecimal p50, BigDecimal p95, BigDecimal p99) {
            return p50 == null ? null : new Percentiles(p50, p95, p99);
        }
    }
}
