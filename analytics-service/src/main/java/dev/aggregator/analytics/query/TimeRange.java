package dev.aggregator.analytics.query;

import dev.aggregator.common.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A half-open interval {@code [from, to)} of {@code created_at}; either end may be open. Query
 * parameters are ISO-8601 instants or dates: a date {@code from} means the start of that UTC day,
 * a date {@code to} the end of it, so {@code from=2025-01-01&to=2025-01-31} covers all of January.
 */
public record TimeRange(Instant from, Instant to) {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    // Years 1..9999: well inside PostgreSQL's timestamptz range, and all a usage query can mean.
    // The upper end is inclusive, so a date `to` of 9999-12-31 (exclusive end 10000-01-01) is fine.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");
    private static final String OUT_OF_RANGE = "must be between years 1 and 9999";

    /** A closed window for aggregates: the last 30 days by default, at most 366 days long. */
    public static TimeRange window(String from, String to, Clock clock) {
        Instant end = to == null || to.isBlank() ? clock.instant() : parse("to", to, true);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_WINDOW) : parse("from", from, false);
        requireOrdered(start, end);
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("from", "the range may span at most " + MAX_WINDOW.toDays() + " days");
        }
        return new TimeRange(start, end);
    }

    /** Optional bounds for lists, which page instead of being limited in time. */
    public static TimeRange bounds(String from, String to) {
        Instant start = from == null || from.isBlank() ? null : parse("from", from, false);
        Instant end = to == null || to.isBlank() ? null : parse("to", to, true);
        if (start != null && end != null) requireOrdered(start, end);
        return new TimeRange(start, end);
    }

    private static void requireOrdered(Instant start, Instant end) {
        if (!end.isAfter(start)) throw ApiException.badRequest("to", "must be after from");
    }

    private static Instant parse(String field, String value, boolean endOfDay) {
        Instant instant = parseInstant(field, value, endOfDay);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) throw ApiException.badRequest(field, OUT_OF_RANGE);
        return instant;
    }

    private static Instant parseInstant(String field, String value, boolean endOfDay) {
        try {
            // ISO_INSTANT accepts both "Z" and numeric offsets.
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            LocalDate day;
            try {
                day = LocalDate.parse(value);
            } catch (DateTimeParseException notADate) {
                throw ApiException.badRequest(
                        field, "must be an ISO-8601 instant (2025-01-31T12:00:00Z) or a date (2025-01-31)");
            }
            // Checked before the arithmetic: the day after +999999999-12-31 does not exist.
            if (day.getYear() < 1 || day.getYear() > 9999) throw ApiException.badRequest(field, OUT_OF_RANGE);
            return (endOfDay ? day.plusDays(1) : day)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        }
    }
}
