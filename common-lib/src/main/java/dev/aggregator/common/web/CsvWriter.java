package dev.aggregator.common.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.ContentDisposition;

/**
 * RFC 4180 CSV written straight to a response: CRLF line ends, a field quoted when it holds a
 * comma, a quote, CR or LF, quotes doubled inside. Money is written as plain decimals (never
 * {@code 1E+1}), timestamps as ISO-8601 UTC, null as an empty field. Shared by the services
 * whose lists export as CSV ({@code ?format=csv}): billing's transactions, analytics' usage.
 */
public final class CsvWriter implements AutoCloseable {

    public static final String MEDIA_TYPE = "text/csv";
    public static final String CONTENT_TYPE = "text/csv; charset=UTF-8";

    private final Writer out;
    private boolean lineStarted;

    public CsvWriter(OutputStream out) {
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    /** {@code attachment; filename="<name>-<today UTC>.csv"} */
    public static String attachment(String name) {
        return ContentDisposition.attachment()
                .filename(name + "-" + LocalDate.now(ZoneOffset.UTC) + ".csv")
                .build()
                .toString();
    }

    public CsvWriter row(Object... fields) {
        for (Object field : fields) field(field);
        return endRow();
    }

    public CsvWriter field(Object value) {
        try {
            if (lineStarted) out.write(',');
            lineStarted = true;
            out.write(escape(text(value)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CsvWriter endRow() {
        try {
            out.write("\r\n");
            lineStarted = false;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends what was written so far, so the client receives rows while later ones are read. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }

    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case BigDecimal amount ->
                amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
            case Instant instant -> instant.toString();
            default -> value.toString();
        };
    }

    static String escape(String text) {
        boolean quote =
                text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
