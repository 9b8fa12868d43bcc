package dev.aggregator.console.session;

import dev.aggregator.console.config.ConsoleProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The browser's address as the gateway told the console ({@code X-Forwarded-For}, last hop),
 * handed on with each API call so that the gateway's per-address limits count browsers.
 */
@Component
public class ClientAddress {

    private final boolean forward;

    ClientAddress(ConsoleProperties properties) {
        this.forward = properties.forwardClientAddress();
    }

    public String of(HttpServletRequest request) {
        if (!forward) return null;
        var forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) return request.getRemoteAddr();
        var hops = forwarded.split(",");
        return hops[hops.length - 1].strip();
    }
}
