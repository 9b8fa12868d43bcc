package dev.aggregator.billing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.common.web.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTests {

    @Test
    void acceptsInstantsOffsetsAndDates() {
        assertThat(Timestamps.parse("from", "2025-01-31T10:15:30Z")).isEqualTo(Instant.parse("2025-01-31T10:15:30Z"));
        assertThat(Timestamps.parse("from", "2025-01-31T12:15:30+02:00"))
                .isEqualTo(Instant.parse("2025-01-31T10:15:30Z"));
        assertThat(Timestamps.parse("from", "2025-01-31")).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
        assertThat(Timestamps.parse("from", null)).isNull();
    }

    @Test
    void anythingElseIsABadRequestNamingTheField() {
        assertThatThrownBy(() -> Timestamps.parse("to", "last tuesday"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("to:");
                });
    }

    @Test
    void instantsPostgresCannotHoldAreABadRequestNamingTheField() {
        for (String value : new String[] {
            "+300000-01-01",
            "+300000-01-01T00:00:00Z",
            "+999999999-12-31",
            "-5000-01-01T00:00:00Z",
            "0000-12-31",
            "+10000-01-01T00:00:00Z",
            "9999-12-31T23:00:00-01:00"
        }) {
            assertThatThrownBy(() -> Timestamps.parse("from", value))
                    .as(value)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("from:");
                    });
        }
    }

    @Test
    void acceptsTheFirstAndLastInstantsOfYears1To9999() {
        assertThat(Timestamps.parse("from", "0001-01-01")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("to", "9999-12-31T23:59:59.999999Z"))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }
}
