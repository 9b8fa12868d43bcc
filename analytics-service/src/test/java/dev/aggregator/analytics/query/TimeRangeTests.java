package dev.aggregator.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.common.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeRangeTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaultsToTheThirtyDaysBeforeNow() {
        assertThat(TimeRange.window(null, null, CLOCK))
                .isEqualTo(new TimeRange(Instant.parse("2026-01-16T10:00:00Z"), Instant.parse("2026-02-15T10:00:00Z")));
        assertThat(TimeRange.window("", " ", CLOCK).to()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aMissingFromIsThirtyDaysBeforeTo() {
        assertThat(TimeRange.window(null, "2025-01-31T00:00:00Z", CLOCK).from())
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void datesCoverWholeUtcDays() {
        assertThat(TimeRange.window("2025-01-01", "2025-01-31", CLOCK))
                .isEqualTo(new TimeRange(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z")));
        assertThat(TimeRange.window("2025-01-01", "2025-01-01", CLOCK).to())
                .isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
    }

    @Test
    void acceptsInstantsWithOffsets() {
        assertThat(TimeRange.bounds("2025-01-01T02:00:00+02:00", null).from())
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void refusesAnEmptyOrReversedRange() {
        assertRefused(() -> TimeRange.window("2025-01-02T00:00:00Z", "2025-01-02T00:00:00Z", CLOCK), "to");
        assertRefused(() -> TimeRange.window("2025-01-03", "2025-01-02", CLOCK), "to");
        assertRefused(() -> TimeRange.bounds("2025-01-03", "2025-01-02"), "to");
    }

    @Test
    void allowsAtMost366Days() {
        assertThat(TimeRange.window("2024-01-01", "2024-12-31", CLOCK).to())
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertRefused(() -> TimeRange.window("2024-01-01", "2025-01-01", CLOCK), "from");
    }

    @Test
    void leavesListBoundsOpenWhenAbsent() {
        assertThat(TimeRange.bounds(null, null)).isEqualTo(new TimeRange(null, null));
    }

    @Test
    void refusesWhatIsNeitherAnInstantNorADate() {
        assertRefused(() -> TimeRange.window("last week", null, CLOCK), "from");
        assertRefused(() -> TimeRange.bounds(null, "2025-13-01"), "to");
        assertRefused(() -> TimeRange.bounds("1735689600", null), "from");
    }

    @Test
    void refusesInstantsAndDatesOutsideYears1To9999InsteadOfFailing() {
        assertRefused(() -> TimeRange.bounds(null, "+999999999-12-31"), "to");
        assertRefused(() -> TimeRange.bounds("-999999999-01-01", null), "from");
        assertRefused(() -> TimeRange.bounds("+300000-01-01T00:00:00Z", null), "from");
        assertRefused(() -> TimeRange.bounds(null, "+10000-01-01T00:00:00.000001Z"), "to");
        assertRefused(() -> TimeRange.bounds("0000-12-31", null), "from");
        assertRefused(() -> TimeRange.window(null, "+999999999-12-31", CLOCK), "to");
    }

    @Test
    void acceptsTheEdgesOfYears1To9999() {
        assertThat(TimeRange.bounds("0001-01-01", "9999-12-31"))
                .isEqualTo(
                        new TimeRange(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z")));
        assertThat(TimeRange.bounds(null, "9999-12-31T23:59:59Z").to()).isEqualTo("9999-12-31T23:59:59Z");
    }

    private static void assertRefused(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith(field + ":");
        });
    }
}
