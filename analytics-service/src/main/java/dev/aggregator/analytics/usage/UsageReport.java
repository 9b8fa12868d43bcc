package dev.aggregator.analytics.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Usage in buckets and in total over {@code [from, to)}; the window is echoed after defaults apply. */
record UsageReport(List<Bucket> data, Totals totals, Instant from, Instant to, String groupBy) {

    /**
     * {@code bucket} is an ISO instant for time groups, else the model, provider name or API key
     * id; it is {@code null} for requests without one (no provider reached, a member's JWT).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Bucket(String bucket, long requests, long promptTokens, long completionTokens, BigDecimal cost) {}

    record Totals(long requests, long promptTokens, long completionTokens, BigDecimal cost) {

        static final Totals NONE = new Totals(0, 0, 0, BigDecimal.ZERO.setScale(8));

        Totals plus(Bucket bucket) {
            return new Totals(
                    requests + bucket.requests(),
                    promptTokens + bucket.promptTokens(),
                    completionTokens + bucket.completionTokens(),
                    cost.add(bucket.cost()));
        }
    }

    static UsageReport of(List<Bucket> buckets, Instant from, Instant to, GroupBy groupBy) {
        var totals = Totals.NONE;
        for (var bucket : buckets) totals = totals.plus(bucket);
        return new UsageReport(buckets, totals, from, to, groupBy.parameterValue());
    }
}
