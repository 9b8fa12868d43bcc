package dev.aggregator.console.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart's data as the page's script reads it from {@code data-chart}: labels and up to two
 * series (requests on the left axis, cost on the right), built from usage buckets.
 */
public record ChartData(String type, List<String> labels, List<Series> series) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Series(String label, List<Number> data) {}

    /**
     * Requests and cost per bucket as bars (a day with one request still shows), time buckets
     * oldest first (the API answers them newest first).
     */
    public static ChartData requestsAndCost(List<Map<String, Object>> buckets, boolean timeBuckets) {
        var ordered = new ArrayList<>(buckets);
        if (timeBuckets) java.util.Collections.reverse(ordered);
        var labels = new ArrayList<String>();
        var requests = new ArrayList<Number>();
        var cost = new ArrayList<Number>();
        for (var bucket : ordered) {
            labels.add(label(bucket.get("bucket")));
            requests.add((Number) bucket.getOrDefault("requests", 0));
            var amount = bucket.get("cost");
            cost.add(amount == null ? BigDecimal.ZERO : new BigDecimal(amount.toString()));
        }
        return new ChartData("bar", labels, List.of(new Series("Requests", requests), new Series("Cost (USD)", cost)));
    }

    /** A time bucket's label: its date, with the hour for hourly buckets. */
    static String label(Object bucket) {
        if (bucket == null) return "(none)";
        var text = bucket.toString();
        if (text.length() >= 16 && text.charAt(10) == 'T') {
            return text.endsWith("T00:00:00Z")
                    ? text.substring(0, 10)
                    : text.substring(0, 16).replace('T', ' ');
        }
        return text;
    }

    public String json() {
        return JSON.writeValueAsString(this);
    }
}
