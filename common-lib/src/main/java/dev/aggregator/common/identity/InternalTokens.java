package dev.aggregator.common.identity;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/** Signs and verifies the short-lived token that carries an {@link Identity} between services. */
public class InternalTokens {

    public static final String HEADER = "X-Aggregator-Identity";
    private static final String ISSUER = "aggregator-internal";

    private final SecretKey key;
    private final Duration ttl;
    private final Clock clock;

    public InternalTokens(InternalAuthProperties properties, Clock clock) {
        this.key = Keys.hmacShaKeyFor(properties.secret().getBytes(StandardCharsets.UTF_8));
        this.ttl = properties.tokenTtl();
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    public String mint(Identity identity) {
        var now = clock.instant();
        var builder = Jwts.builder()
                .issuer(ISSUER)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)))
                .claim("roles", List.copyOf(identity.roles()))
                .claim("scopes", List.copyOf(identity.scopes()));
        putIfPresent(builder, "company_id", identity.companyId());
        putIfPresent(builder, "user_id", identity.userId());
        putIfPresent(builder, "api_key_id", identity.apiKeyId());
        putIfPresent(builder, "email", identity.email());
        putIfPresent(builder, "service", identity.service());
        return builder.signWith(key).compact();
    }

    /** The identity in a valid token, or empty when it is missing, forged or expired. */
    public Optional<Identity> verify(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        try {
            Claims claims = Jwts.parser()
                    .verifyWith(key)
                    .requireIssuer(ISSUER)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token)
                    .getPayload();
            return Optional.of(new Identity(
                    uuid(claims, "company_id"),
                    uuid(claims, "user_id"),
                    uuid(claims, "api_key_id"),
                    claims.get("email", String.class),
                    strings(claims.get("roles")),
                    strings(claims.get("scopes")),
                    claims.get("service", String.class)));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void putIfPresent(io.jsonwebtoken.JwtBuilder builder, String name, Object value) {
        if (value != null) builder.claim(name, value.toString());
    }

    private static UUID uuid(Claims claims, String name) {
        String value = claims.get(name, String.class);
        return value == null ? null : UUID.fromString(value);
    }

    private static Set<String> strings(Object value) {
        var result = new HashSet<String>();
        if (value instanceof Collection<?> values) values.forEach(v -> result.add(String.valueOf(v)));
        return result;
    }
}
