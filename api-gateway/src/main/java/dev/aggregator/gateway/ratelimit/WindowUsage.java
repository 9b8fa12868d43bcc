package dev.aggregator.gateway.ratelimit;

import java.time.Duration;

/** One subject's requests in the current one-minute window, this one included. */
record WindowUsage(int limit, long used, Duration untilReset) {

    boolean exceeded() {
        return used > limit;
    }

    long remaining() {
        return Math.max(0, limit - used);
    }

    /** Whole seconds until the window resets, at least one (what {@code Retry-After} can say). */
    long retryAfterSeconds() {
        return Math.max(1, (untilReset.toMillis() + 999) / 1000);
    }
}
