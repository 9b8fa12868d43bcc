package dev.aggregator.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CsvWriterTests {

    @Test
    void writesRfc4180RowsWithPlainMoneyAndQuotedSpecials() {
        var bytes = new ByteArrayOutputStream();
        try (var csv = new CsvWriter(bytes)) {
            csv.row("id", "amount", "description", "created_at");
            csv.row("a", new BigDecimal("10.50000000"), "plain", Instant.parse("2026-12-02T10:00:00Z"));
            csv.row("b", new BigDecimal("1E+1"), "a, \"quoted\"\nline", null);
            csv.row("c", BigDecimal.ZERO.setScale(8), "ünïcode", null);
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("id,amount,description,created_at\r\n"
                        + "a,10.5,plain,2026-12-02T10:00:00Z\r\n"
                        + "b,10,\"a, \"\"quoted\"\"\nline\",\r\n"
                        + "c,0,ünïcode,\r\n");
    }
}
