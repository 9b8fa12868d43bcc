package dev.aggregator.console.web;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Turning form fields into API values; anything the API must judge is passed on as typed. */
public final class Forms {

    private Forms() {}

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A number as typed (the API validates it); blank is absent. A non-number is passed as text for the API to refuse. */
    public static Object number(String value) {
        if (blank(value)) return null;
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            return value.strip();
        }
    }

    /** A comma- or newline-separated list; blank is an empty list. */
    public static List<String> list(String value) {
        if (blank(value)) return List.of();
        return Arrays.stream(value.split("[,\\n]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** A date field ({@code yyyy-mm-dd}) as the end of that UTC day; a full instant is kept. */
    public static String endOfDay(String value) {
        if (blank(value)) return null;
        var text = value.strip();
        return text.length() == 10 ? text + "T23:59:59Z" : text;
    }
}
