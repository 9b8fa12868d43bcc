package dev.aggregator.billing.keybudgets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.UUID;

/** One API key's budget period: a calendar month (UTC). Ordered as their rows are locked. */
public record KeyMonth(UUID apiKeyId, YearMonth month) implements Comparable<KeyMonth> {

    private static final Comparator<KeyMonth> LOCK_ORDER =
            Comparator.comparing(KeyMonth::apiKeyId).thenComparing(KeyMonth::month);

    public static KeyMonth at(UUID apiKeyId, Instant when) {
        return new KeyMonth(apiKeyId, YearMonth.from(when.atZone(ZoneOffset.UTC)));
    }

    public LocalDate firstDay() {
        return month.atDay(1);
    }

    @Override
    public int compareTo(KeyMonth other) {
        return LOCK_ORDER.compare(this, other);
    }
}
