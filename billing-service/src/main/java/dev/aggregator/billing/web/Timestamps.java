package dev.aggregator.billing.web;

import dev.aggregator.common.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** ISO-8601 query parameters: an instant with an offset, or a date meaning its UTC midnight. */
public final class Timestamps {

    private Timestamps() {}

    public static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(value.trim())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException notADate) {
                throw ApiException.badRequest(
                        field, "must be an ISO-8601 timestamp such as 2025-01-31T00:00:00Z, or a date");
            }
        }
    }
}
