package dev.aggregator.auth.support;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address as the gateway saw it: the first {@code X-Forwarded-For} entry, else the
 * peer address. Only the gateway reaches this service, and it sets that header.
 */
public final class ClientIp {

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    // Longest textual IPv6 address with a zone is well under this; longer input is not an address.
    private static final int MAX_LENGTH = 64;

    private ClientIp() {}

    public static String of(HttpServletRequest request) {
        String forwarded = request.getHeader(FORWARDED_FOR);
        if (forwarded != null) {
            int comma = forwarded.indexOf(',');
            String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
            if (!first.isEmpty() && first.length() <= MAX_LENGTH) return first;
        }
        return request.getRemoteAddr();
    }
}
