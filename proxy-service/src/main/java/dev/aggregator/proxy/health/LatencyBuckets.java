package dev.aggregator.proxy.health;

import java.util.Arrays;

/**
 * A fixed histogram of latencies, so that instances can add their counts up in Redis and anyone
 * can read a median back: bucket {@code i} counts latencies up to {@link #UPPER_MS}{@code [i]}.
 */
final class LatencyBuckets {

    static final long[] UPPER_MS = {
        10,
        25,
        50,
        75,
        100,
        150,
        200,
        300,
        400,
        500,
        750,
        1_000,
        1_500,
        2_000,
        3_000,
        5_000,
        7_500,
        10_000,
        15_000,
        30_000,
        60_000,
        Long.MAX_VALUE
    };

    private LatencyBuckets() {}

    static int of(long millis) {
        int i = Arrays.binarySearch(UPPER_MS, millis);
        return i >= 0 ? i : -i - 1;
    }

    /** The median, interpolated inside its bucket; null for an empty histogram. */
    static Long median(long[] counts) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) return null;
        double half = total / 2.0;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) continue;
            if (seen + counts[i] >= half) {
                long lower = i == 0 ? 0 : UPPER_MS[i - 1];
                long upper = i == UPPER_MS.length - 1 ? lower * 2 : UPPER_MS[i];
                double within = (half - seen) / counts[i];
                return Math.round(lower + within * (upper - lower));
            }
            seen += counts[i];
        }
        return UPPER_MS[UPPER_MS.length - 2];
    }
}
