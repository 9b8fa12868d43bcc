package dev.aggregator.gateway.config;

import org.springframework.core.Ordered;

/**
 * The order of the gateway's own filters. The web filters run for every request, including
 * the gateway's own endpoints and paths no route matches; the global filters run for routed
 * requests only, all before Spring Cloud Gateway's routing filters (order -1 and up).
 */
public final class FilterOrder {

    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;
    public static final int CANONICAL_PATH = Ordered.HIGHEST_PRECEDENCE + 1;
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 2;

    public static final int CLIENT_HEADERS = -500;
    public static final int AUTHENTICATION = -400;
    public static final int AUTHORIZATION = -300;
    public static final int ADDRESS_RATE_LIMIT = -450;
    public static final int RATE_LIMIT = -200;
    public static final int IDENTITY = -100;

    private FilterOrder() {}
}
