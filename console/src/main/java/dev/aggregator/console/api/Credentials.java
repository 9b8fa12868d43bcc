package dev.aggregator.console.api;

import org.springframework.http.HttpHeaders;

/**
 * What a call carries for its caller: the person's access token (none before signing in) and the
 * browser's address, which the gateway believes only from a trusted proxy.
 */
public record Credentials(String accessToken, String clientAddress, String idempotencyKey) {

    public Credentials(String accessToken, String clientAddress) {
        this(accessToken, clientAddress, null);
    }

    public Credentials withIdempotencyKey(String key) {
        return new Credentials(accessToken, clientAddress, key);
    }

    public static Credentials anonymous(String clientAddress) {
        return new Credentials(null, clientAddress);
    }

    void apply(HttpHeaders headers) {
        if (accessToken != null) headers.setBearerAuth(accessToken);
        if (clientAddress != null) headers.set("X-Forwarded-For", clientAddress);
        if (idempotencyKey != null) headers.set("Idempotency-Key", idempotencyKey);
    }

    @Override
    public String toString() {
        return "Credentials[accessToken=" + (accessToken == null ? "none" : "<redacted>") + ", clientAddress="
                + clientAddress + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
