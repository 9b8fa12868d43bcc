package dev.aggregator.gateway.support;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** An RSA key that signs access tokens the way auth-service does, and its public JWK. */
public final class TestSigningKey {

    private final String kid = "test-" + UUID.randomUUID();
    private final KeyPair keyPair = Jwts.SIG.RS256.keyPair().build();

    /** An access token for a company member, valid for five minutes. */
    public String accessToken(UUID companyId, UUID userId, String email, List<String> roles) {
        return accessToken(companyId, userId, email, roles, UnaryOperator.identity());
    }

    /** The same, with a change the test makes before signing (expiry, issuer, type...). */
    public String accessToken(
            UUID companyId, UUID userId, String email, List<String> roles, UnaryOperator<JwtBuilder> change) {
        var now = Instant.now();
        var builder = Jwts.builder()
                .header()
                .keyId(kid)
                .and()
                .id(UUID.randomUUID().toString())
                .issuer("aggregator-auth")
                .subject(userId.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("typ", "access")
                .claim("sid", UUID.randomUUID().toString())
                .claim("company_id", companyId.toString())
                .claim("email", email)
                .claim("roles", roles);
        return change.apply(builder)
                .signWith(keyPair.getPrivate(), Jwts.SIG.RS256)
                .compact();
    }

    /** {@code {"keys": [...]}} as auth-service's {@code /internal/jwks} answers it. */
    public static String jwks(TestSigningKey... keys) {
        return Arrays.stream(keys).map(TestSigningKey::jwk).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }

    private String jwk() {
        var key = (RSAPublicKey) keyPair.getPublic();
        return "{\"kty\":\"RSA\",\"kid\":\"%s\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"%s\",\"e\":\"%s\"}"
                .formatted(kid, base64Url(key.getModulus()), base64Url(key.getPublicExponent()));
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
