package dev.aggregator.auth.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.auth.AuthServiceTestSupport;
import dev.aggregator.common.identity.Identity;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.RsaPublicJwk;
import io.jsonwebtoken.security.SignatureException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwksTests extends AuthServiceTestSupport {

    @Test
    void anIssuedAccessTokenVerifiesWithThePublishedKeyAndCarriesTheMembersClaims() {
        var company = registerCompany();
        String token = login(company.email(), PASSWORD).text("access_token");

        var claims = verifyAccessToken(token);

        assertThat(claims.getSubject()).isEqualTo(company.ownerId().toString());
        assertThat(claims.get("company_id", String.class))
                .isEqualTo(company.id().toString());
        assertThat(claims.get("email", String.class)).isEqualTo(company.email());
        assertThat(claims.get("roles", List.class)).containsExactly("OWNER");
        assertThat(claims.get("typ", String.class)).isEqualTo("access");
        assertThat(claims.getExpiration().getTime() - claims.getIssuedAt().getTime())
                .isEqualTo(15 * 60 * 1000L);
    }

    @Test
    void theJwkSetIsStandardAndEachKidIsTheKeysThumbprint() {
        var response = get("/internal/jwks", Identity.service("api-gateway"));

        assertThat(response.status()).isEqualTo(200);
        var set = Jwks.setParser().build().parse(response.body().toString());
        assertThat(set.getKeys()).isNotEmpty().allSatisfy(jwk -> {
            assertThat(jwk).isInstanceOf(RsaPublicJwk.class);
            assertThat(jwk.getAlgorithm()).isEqualTo("RS256");
            assertThat(((RsaPublicJwk) jwk).getPublicKeyUse()).isEqualTo("sig");
            assertThat(jwk.getId()).isEqualTo(jwk.thumbprint().toString());
            assertThat(((RsaPublicJwk) jwk).toKey().getModulus().bitLength()).isEqualTo(2048);
        });
        assertThat(response.body().toString()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void aTokenSignedWithAnotherKeyDoesNotVerify() {
        var otherKey = Jwts.SIG.RS256.keyPair().build();
        var activeKid = Jwks.setParser()
                .build()
                .parse(get("/internal/jwks", Identity.service("api-gateway"))
                        .body()
                        .toString())
                .getKeys()
                .iterator()
                .next()
                .getId();
        String forged = Jwts.builder()
                .header()
                .keyId(activeKid)
                .and()
                .issuer("aggregator-auth")
                .subject("someone")
                .signWith(otherKey.getPrivate(), Jwts.SIG.RS256)
                .compact();

        assertThatThrownBy(() -> verifyAccessToken(forged)).isInstanceOf(SignatureException.class);
    }
}
