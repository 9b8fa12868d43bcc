package dev.aggregator.gateway.authentication;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.gateway.errors.GatewayException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import java.security.Key;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Access tokens: RS256 JWTs that auth-service issues at login. Verification is CPU only, so it
 * runs on the event loop; only a token signed by a key the gateway does not know yet costs a
 * fetch of the JWK set. A token must carry {@code exp} and its session ({@code sid}), and that
 * session must not have ended ({@link RevokedSessions}).
 */
class AccessTokenVerifier {

    static final String ISSUER = "aggregator-auth";
    private static final long CLOCK_SKEW_SECONDS = 30;

    /** The token names a key that is not in the current key set. */
    private static final class UnknownKeyId extends RuntimeException {
        UnknownKeyId() {
            super(null, null, false, false);
        }
    }

    /** A verified token: who calls, and the session (login) the token belongs to. */
    record Verified(Caller caller, UUID sessionId) {}

    private final SigningKeys keys;
    private final RevokedSessions revokedSessions;
    private final JwtParser parser;

    AccessTokenVerifier(SigningKeys keys, RevokedSessions revokedSessions, Clock clock) {
        this.keys = keys;
        this.revokedSessions = revokedSessions;
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        Key key = keys.find(header.getKeyId());
                        if (key == null) throw new UnknownKeyId();
                        return key;
                    }
                })
                // Only what auth-service signs with: no "none", no HMAC with a public key as secret.
                .sig()
                .clear()
                .add(Jwts.SIG.RS256)
                .and()
                .requireIssuer(ISSUER)
                .require("typ", "access")
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .build();
    }

    Mono<Verified> authenticate(String token) {
        return Mono.fromCallable(() -> verify(token))
                .onErrorResume(
                        UnknownKeyId.class, unknown -> keys.refresh().then(Mono.fromCallable(() -> verify(token))))
                .onErrorMap(
                        error -> error instanceof UnknownKeyId
                                || error instanceof JwtException
                                || error instanceof IllegalArgumentException,
                        error -> GatewayException.unauthenticated("The access token is invalid or has expired."));
    }

    private Verified verify(String token) {
        Claims claims = parser.parseSignedClaims(token).getPayload();
        // JJWT checks exp only when present: a token without one would never expire.
        if (claims.getExpiration() == null) throw new IllegalArgumentException("missing exp claim");
        UUID sessionId = uuid(claims.get("sid", String.class));
        if (revokedSessions.isRevoked(sessionId)) throw new IllegalArgumentException("session ended");
        var identity = Identity.member(
                uuid(claims.get("company_id", String.class)),
                uuid(claims.getSubject()),
                claims.get("email", String.class),
                strings(claims.get("roles")));
        return new Verified(new Caller(identity, null), sessionId);
    }

    private static UUID uuid(String value) {
        if (value == null) throw new IllegalArgumentException("missing id claim");
        return UUID.fromString(value);
    }

    private static Set<String> strings(Object value) {
        if (!(value instanceof Collection<?> values)) return Set.of();
        return values.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }
}
