package dev.aggregator.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionFlowTests extends AuthServiceTestSupport {

    @Test
    void registerLoginMeRefreshRotationReuseDetectionAndLogout() {
        var company = registerCompany();

        var login = login(company.email(), PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text("token_type")).isEqualTo("Bearer");
        assertThat(login.body().path("expires_in").asLong()).isEqualTo(900);
        assertThat(login.headers().getCacheControl()).isEqualTo("no-store");

        var me = get("/v1/auth/me", identityOf(login.text("access_token")));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("company_id")).isEqualTo(company.id().toString());
        assertThat(me.text("user_id")).isEqualTo(company.ownerId().toString());
        assertThat(me.text("email")).isEqualTo(company.email());
        assertThat(me.body().path("roles").valueStream().map(r -> r.asString())).containsExactly("OWNER");

        String first = login.text("refresh_token");
        var rotated = post("/v1/auth/refresh", Map.of("refresh_token", first));
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.text("refresh_token");
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.text("access_token")).isNotEqualTo(login.text("access_token"));
        assertThat(verifyAccessToken(rotated.text("access_token")).getSubject())
                .isEqualTo(company.ownerId().toString());

        // The first token was used: presenting it again means it leaked, so the whole family goes.
        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", first)).status())
                .isEqualTo(401);
        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", second)).status())
                .isEqualTo(401);

        // Another login is another family, untouched by that, until it logs out.
        String other = login(company.email(), PASSWORD).text("refresh_token");
        assertThat(post("/v1/auth/logout", Map.of("refresh_token", other)).status())
                .isEqualTo(204);
        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", other)).status())
                .isEqualTo(401);
    }

    @Test
    void aSuccessfulLoginIsAuditedWithTheClientAddressAndNoPassword() {
        var company = registerCompany();

        var response = call(
                org.springframework.http.HttpMethod.POST,
                "/v1/auth/login",
                Map.of("email", company.email(), "password", PASSWORD),
                null,
                Map.of("X-Forwarded-For", "10.0.0.2, 203.0.113.7"));

        assertThat(response.status()).isEqualTo(200);
        var logins = outboxEvents("audit.recorded", "company_id", company.id()).stream()
                .filter(event -> event.path("action").asString().equals("auth.login"))
                .toList();
        assertThat(logins).singleElement().satisfies(event -> {
            assertThat(event.path("ip").asString()).isEqualTo("203.0.113.7");
            assertThat(event.path("target").asString()).isEqualTo("member:" + company.ownerId());
            assertThat(event.toString()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void theEmailIsMatchedWhateverItsCase() {
        var company = registerCompany();

        assertThat(login(company.email().toUpperCase(Locale.ROOT), PASSWORD).status())
                .isEqualTo(200);
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        var company = registerCompany();

        var wrongPassword = login(company.email(), "not the password at all");
        var unknownEmail = login(uniqueEmail(), PASSWORD);

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    }

    @Test
    void unknownRefreshTokensAre401AndTheirLogoutIsStill204() {
        String unknown = "not-a-token-we-issued";

        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", unknown)).status())
                .isEqualTo(401);
        assertThat(post("/v1/auth/logout", Map.of("refresh_token", unknown)).status())
                .isEqualTo(204);
        assertThat(post("/v1/auth/logout", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void anExpiredRefreshTokenIsRefused() {
        var company = registerCompany();
        String refresh = login(company.email(), PASSWORD).text("refresh_token");
        jdbc.sql("UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE user_id = ?")
                .param(company.ownerId())
                .update();

        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", refresh)).status())
                .isEqualTo(401);
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        var company = registerCompany();
        String refresh = login(company.email(), PASSWORD).text("refresh_token");

        long plain = jdbc.sql("SELECT count(*) FROM refresh_token WHERE token_hash = ?")
                .param(refresh)
                .query(Long.class)
                .single();
        long hashed = jdbc.sql("SELECT count(*) FROM refresh_token WHERE token_hash = encode(sha256(?::bytea), 'hex')")
                .param(refresh)
                .query(Long.class)
                .single();
        assertThat(plain).isZero();
        assertThat(hashed).isEqualTo(1);
    }
}
