package dev.aggregator.common.web.clientaddress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The client's address in a servlet service: {@code X-Forwarded-For} is believed only when the
 * request comes from a trusted proxy ({@code aggregator.client-address.trusted-proxies}). A filter
 * works it out once per request; {@link #of} reads it.
 */
public final class ClientAddresses extends OncePerRequestFilter {

    static final String ATTRIBUTE = ClientAddresses.class.getName() + ".address";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TrustedProxies trustedProxies;

    public ClientAddresses(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The client's address; the socket peer's when no filter resolved it (or none is trusted). */
    public static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String address ? address : request.getRemoteAddr();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(
                ATTRIBUTE,
                trustedProxies.clientAddress(
                        request.getRemoteAddr(), Collections.list(request.getHeaders(FORWARDED_FOR))));
        chain.doFilter(request, response);
    }
}
