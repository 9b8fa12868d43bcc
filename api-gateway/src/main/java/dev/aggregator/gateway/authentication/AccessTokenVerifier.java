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
 * fetch of the JWK set.
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

    private final SigningKeys keys;
    private final JwtParser parser;

    AccessTokenVerifier(SigningKeys keys, Clock clock) {
        this.keys = keys;
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

    Mono<Caller> authenticate(String token) {
        return Mono.fromCallable(() -> caller(token))
                .onErrorResume(
                        UnknownKeyId.class, unknown -> keys.refresh().then(Mono.fromCallable(() -> caller(token))))
                .onErrorMap(
                        error -> error instanceof UnknownKeyId
                                || error instanceof JwtException
                                || error instanceof IllegalArgumentException,
                        error -> GatewayException.unauthenticated("The access token is invalid or has expired."));
    }

    private Caller caller(String token) {
        Claims claims = parser.parseSignedClaims(token).getPayload();
        var identity = Identity.member(
                uuid(claims.get("company_id", String.class)),
                uuid(claims.getSubject()),
                claims.get("email", String.class),
                strings(claims.get("roles")));
        return new Caller(identity, null);
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
