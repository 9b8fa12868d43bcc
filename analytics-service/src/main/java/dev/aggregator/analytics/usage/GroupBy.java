package dev.aggregator.analytics.usage;

import dev.aggregator.common.web.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How usage is bucketed. Time buckets are UTC days or hours; the others are keys of the request. */
enum GroupBy {
    DAY("date_trunc('day', created_at, 'UTC')", true),
    HOUR("date_trunc('hour', created_at, 'UTC')", true),
    MODEL("model", false),
    PROVIDER("provider_name", false),
    API_KEY("CAST(api_key_id AS text)", false);

    private final String bucketSql;
    private final boolean time;

    GroupBy(String bucketSql, boolean time) {
        this.bucketSql = bucketSql;
        this.time = time;
    }

    /** The SQL expression of the bucket; a constant, never client input. */
    String bucketSql() {
        return bucketSql;
    }

    boolean isTime() {
        return time;
    }

    String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static GroupBy parse(String value) {
        if (value == null || value.isBlank()) return DAY;
        return Arrays.stream(values())
                .filter(g -> g.parameterValue().equals(value))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest("group_by", "must be one of " + allowed()));
    }

    private static String allowed() {
        return Arrays.stream(values()).map(GroupBy::parameterValue).collect(Collectors.joining(", "));
    }
}
