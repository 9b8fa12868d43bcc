package dev.aggregator.auth.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** TIMESTAMPTZ ↔ Instant at PostgreSQL's microsecond precision. */
public final class Timestamps {

    private Timestamps() {}

    /** A time as PostgreSQL will store it, so what is answered equals what is read back later. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static Timestamp sql(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant read(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
