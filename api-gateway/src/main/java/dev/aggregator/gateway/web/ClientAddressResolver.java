package dev.aggregator.gateway.web;

import dev.aggregator.common.web.clientaddress.TrustedProxies;
import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who the client is: the socket peer, unless the peer is one of the proxies configured in
 * {@code aggregator.gateway.trusted-proxies} (none by default: the gateway is the edge), in which
 * case {@code X-Forwarded-For} names it. Worked out once per request.
 */
@Component
public class ClientAddressResolver {

    private static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".address";
    private static final String UNKNOWN = "unknown";

    private final TrustedProxies trustedProxies;

    ClientAddressResolver(AggregatorGatewayProperties properties) {
        this.trustedProxies = TrustedProxies.of(properties.trustedProxies());
    }

    public String clientAddress(ServerWebExchange exchange) {
        String resolved = exchange.getAttribute(ATTRIBUTE);
        if (resolved != null) return resolved;
        var request = exchange.getRequest();
        var remote = request.getRemoteAddress();
        String peer = remote != null && remote.getAddress() != null
                ? remote.getAddress().getHostAddress()
                : UNKNOWN;
        List<String> forwardedFor = request.getHeaders().getOrEmpty("X-Forwarded-For");
        String address = trustedProxies.clientAddress(peer, forwardedFor);
        exchange.getAttributes().put(ATTRIBUTE, address);
        return address;
    }
}
