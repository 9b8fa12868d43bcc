package dev.aggregator.gateway.authentication;

import dev.aggregator.common.identity.Identity;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who the gateway authenticated for a request: the identity it forwards, and the key's own
 * requests-a-minute limit when it has one ({@code null}: the platform default).
 */
public record Caller(Identity identity, Integer rpmLimit) {

    private static final String ATTRIBUTE = Caller.class.getName();

    /** Absent on public endpoints, which are forwarded without an identity. */
    public static Optional<Caller> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    /** The rate-limit bucket: one per API key, one per signed-in member. */
    public String rateLimitSubject() {
        return identity.isApiKey() ? "key:" + identity.apiKeyId() : "user:" + identity.userId();
    }
}
