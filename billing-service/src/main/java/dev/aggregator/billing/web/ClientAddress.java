package dev.aggregator.billing.web;

import dev.aggregator.common.web.clientaddress.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;

/** The client's address for audit records. */
public final class ClientAddress {

    private ClientAddress() {}

    /**
     * {@code X-Forwarded-For} only when the request came from a trusted proxy (the gateway;
     * {@code aggregator.client-address.trusted-proxies}), else the peer address.
     */
    public static String of(HttpServletRequest request) {
        return ClientAddresses.of(request);
    }
}
