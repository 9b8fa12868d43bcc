package dev.aggregator.billing.web;

import dev.aggregator.common.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 query parameters: an instant with an offset, or a date meaning its UTC midnight, in
 * the years 1 to 9999 (UTC). java.time reaches far beyond what PostgreSQL's timestamptz holds, and
 * such a value would fail in the query (SQLSTATE 22008) instead of being refused here.
 */
public final class Timestamps {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private Timestamps() {}

    public static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) return null;
        Instant instant = parseInstant(field, value.trim());
        if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
            throw ApiException.badRequest(field, "must be between years 1 and 9999");
        }
        return instant;
    }

    private static Instant parseInstant(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw ApiException.badRequest(
                        field, "must be an ISO-8601 timestamp such as 2025-01-31T00:00:00Z, or a date");
            }
        }
    }
}
