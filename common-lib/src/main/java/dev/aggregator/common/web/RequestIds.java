package dev.aggregator.common.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** The {@code x-request-id} rule: a client's id is echoed only when it is a safe token. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    public static String acceptOrCreate(String candidate) {
        return candidate != null && SAFE.matcher(candidate).matches() ? candidate : newId();
    }

    public static String newId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }
}
