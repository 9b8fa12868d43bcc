package dev.aggregator.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InternalTokensTests {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final InternalTokens tokens = tokensAt(NOW, SECRET);

    @Test
    void memberIdentitySurvivesTheRoundTrip() {
        var identity = Identity.member(UUID.randomUUID(), UUID.randomUUID(), "owner@acme.test", Set.of("OWNER"));

        assertThat(tokens.verify(tokens.mint(identity))).contains(identity);
    }

    @Test
    void apiKeyAndServiceIdentitiesSurviveTheRoundTrip() {
        var key = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat", "models"));
        var service = Identity.service("proxy-service");

        assertThat(tokens.verify(tokens.mint(key))).contains(key);
        assertThat(tokens.verify(tokens.mint(service))).get().satisfies(id -> {
            assertThat(id.isService()).isTrue();
            assertThat(id.companyId()).isNull();
        });
    }

    @Test
    void anApiKeysSpendCapAndModelAllowListSurviveTheRoundTrip() {
        var capped = Identity.apiKey(
                UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"), new BigDecimal("25.50"), Set.of("gpt-4o-mini"));

        assertThat(tokens.verify(tokens.mint(capped))).get().satisfies(id -> {
            assertThat(id).isEqualTo(capped);
            assertThat(id.monthlySpendLimit()).isEqualByComparingTo("25.5");
            assertThat(id.mayUseModel("gpt-4o-mini")).isTrue();
            assertThat(id.mayUseModel("gpt-4o")).isFalse();
        });
    }

    @Test
    void refusesATokenWithoutAnExpiry() {
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        var forever = Jwts.builder()
                .issuer("aggregator-internal")
                .claim("service", "api-gateway")
                .signWith(key)
                .compact();

        assertThat(tokens.verify(forever)).isEmpty();
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() {
        var forged =
                tokensAt(NOW, "another-secret-that-is-long-enough-for-hs256").mint(Identity.service("api-gateway"));

        assertThat(tokens.verify(forged)).isEmpty();
    }

    @Test
    void refusesAnExpiredToken() {
        var token = tokens.mint(Identity.service("api-gateway"));

        assertThat(tokensAt(NOW.plus(Duration.ofMinutes(5)), SECRET).verify(token))
                .isEmpty();
    }

    @Test
    void refusesGarbageAndMissingTokens() {
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("not.a.jwt")).isEmpty();
    }

    private static InternalTokens tokensAt(Instant now, String secret) {
        return new InternalTokens(
                new InternalAuthProperties(secret, Duration.ofSeconds(60), List.of()),
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
