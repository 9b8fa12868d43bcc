package dev.aggregator.auth.support;

import dev.aggregator.common.web.clientaddress.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address: {@code X-Forwarded-For} only when the request came from a trusted proxy
 * (the gateway; {@code aggregator.client-address.trusted-proxies}, loopback by default), else the
 * peer address, so a caller reaching this service directly cannot pick the address its login
 * attempts are throttled by.
 */
public final class ClientIp {

    private ClientIp() {}

    public static String of(HttpServletRequest request) {
        return ClientAddresses.of(request);
    }
}
