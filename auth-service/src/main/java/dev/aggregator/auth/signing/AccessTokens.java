package dev.aggregator.auth.signing;

import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signs the RS256 access tokens clients present to the gateway. */
@Component
public class AccessTokens {

    private final SigningKeys keys;
    private final AccessTokenProperties properties;
    private final Clock clock;

    AccessTokens(SigningKeys keys, AccessTokenProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    public Duration ttl() {
        return properties.ttl();
    }

    /**
     * @param sessionId the login (refresh-token family) the token belongs to, as claim {@code sid}:
     *     ending a session makes the gateway refuse that session's access tokens
     */
    public String issue(UUID userId, UUID companyId, String email, List<String> roles, UUID sessionId) {
        var key = keys.active();
        var now = clock.instant();
        return Jwts.builder()
                .header()
                .keyId(key.kid())
                .and()
                .id(UUID.randomUUID().toString())
                .issuer(properties.issuer())
                .subject(userId.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(properties.ttl())))
                .claim("typ", "access")
                .claim("sid", sessionId.toString())
                .claim("company_id", companyId.toString())
                .claim("email", email)
                .claim("roles", List.copyOf(roles))
                .signWith(key.privateKey(), Jwts.SIG.RS256)
                .compact();
    }
}
