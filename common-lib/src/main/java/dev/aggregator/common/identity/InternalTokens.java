package dev.aggregator.common.identity;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * Signs and verifies the short-lived token that carries an {@link Identity} between services.
 *
 * <p>Both sides remember their work, because the same few identities (one per API key) make every
 * request: a minted token is handed out again for half its lifetime, and a verified token's
 * identity is remembered until the token expires, so an HMAC and a JSON parse are paid once per
 * token rather than once per request. Only tokens whose signature verified are remembered, and an
 * expired one is never answered from memory.
 */
public class InternalTokens {

    public static final String HEADER = "X-Aggregator-Identity";
    private static final String ISSUER = "aggregator-internal";
    /** Bounds both memories; past it they start afresh (a flood of distinct tokens costs a re-verify). */
    private static final int REMEMBERED_LIMIT = 10_000;

    private record Minted(String token, Instant reuseUntil) {}

    private record Verified(Identity identity, Instant expiresAt) {}

    private final SecretKey key;
    private final Duration ttl;
    private final Clock clock;
    private final JwtParser parser;
    private final Map<Identity, Minted> minted = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public InternalTokens(InternalAuthProperties properties, Clock clock) {
        this.key = Keys.hmacShaKeyFor(properties.secret().getBytes(StandardCharsets.UTF_8));
        this.ttl = properties.tokenTtl();
        this.clock = clock;
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(ISSUER)
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    public Duration ttl() {
        return ttl;
    }

    /** A token for the identity: one minted in the last half of the lifetime, or a new one. */
    public String mint(Identity identity) {
        var now = clock.instant();
        var reusable = minted.get(identity);
        if (reusable != null && now.isBefore(reusable.reuseUntil())) return reusable.token();
        String token = sign(identity, now);
        if (minted.size() >= REMEMBERED_LIMIT) minted.clear();
        minted.put(identity, new Minted(token, now.plus(ttl.dividedBy(2))));
        return token;
    }

    private String sign(Identity identity, Instant now) {
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
        putIfPresent(
                builder,
                "monthly_spend_limit",
                identity.monthlySpendLimit() == null
                        ? null
                        : identity.monthlySpendLimit().toPlainString());
        if (!identity.models().isEmpty()) builder.claim("models", List.copyOf(identity.models()));
        return builder.signWith(key).compact();
    }

    /** The identity in a valid token, or empty when it is missing, forged or expired. */
    public Optional<Identity> verify(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        var known = verified.get(token);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt())) return Optional.of(known.identity());
            verified.remove(token);
        }
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            // A token without an expiry would be valid forever: never accept one.
            if (claims.getExpiration() == null) return Optional.empty();
            var identity = new Identity(
                    uuid(claims, "company_id"),
                    uuid(claims, "user_id"),
                    uuid(claims, "api_key_id"),
                    claims.get("email", String.class),
                    strings(claims.get("roles")),
                    strings(claims.get("scopes")),
                    claims.get("service", String.class),
                    decimal(claims, "monthly_spend_limit"),
                    strings(claims.get("models")));
            if (verified.size() >= REMEMBERED_LIMIT) verified.clear();
            verified.put(token, new Verified(identity, claims.getExpiration().toInstant()));
            return Optional.of(identity);
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void putIfPresent(io.jsonwebtoken.JwtBuilder builder, String name, Object value) {
        if (value != null) builder.claim(name, value.toString());
    }

    private static BigDecimal decimal(Claims claims, String name) {
        String value = claims.get(name, String.class);
        return value == null ? null : new BigDecimal(value);
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
