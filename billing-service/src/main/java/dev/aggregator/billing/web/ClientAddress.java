package dev.aggregator.billing.web;

import jakarta.servlet.http.HttpServletRequest;

/** The client's address for audit records. */
public final class ClientAddress {

    private ClientAddress() {}

    /**
     * The last {@code X-Forwarded-For} hop, which the gateway appended itself (earlier hops are
     * whatever the client sent); the peer address when the header is absent.
     */
    public static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].trim();
            if (!last.isEmpty() && last.length() <= 64) return last;
        }
        return request.getRemoteAddr();
    }
}
