package dev.aggregator.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionLifetimeTests extends AuthServiceTestSupport {

    @Test
    void accessTokensNameTheirSessionAndExpire() {
        var company = registerCompany();
        var session = login(company.email(), PASSWORD);
        var claims = verifyAccessToken(session.text("access_token"));
        assertThat(claims.getExpiration()).isNotNull();
        assertThat(claims.get("sid", String.class)).isNotBlank();

        var refreshed = post("/v1/auth/refresh", Map.of("refresh_token", session.text("refresh_token")));
        assertThat(verifyAccessToken(refreshed.text("access_token")).get("sid", String.class))
                .as("a rotation stays in its session")
                .isEqualTo(claims.get("sid", String.class));
    }

    @Test
    void aLoginOlderThanTheAbsoluteLifetimeCannotBeRefreshed() {
        var company = registerCompany();
        var session = login(company.email(), PASSWORD);
        jdbc.sql("UPDATE refresh_token SET family_started_at = now() - interval '30 days 1 second' WHERE user_id = ?")
                .param(company.ownerId())
                .update();

        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", session.text("refresh_token")))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aRotatedTokenNeverOutlivesItsLogin() {
        var company = registerCompany();
        var session = login(company.email(), PASSWORD);
        jdbc.sql("UPDATE refresh_token SET family_started_at = now() - interval '29 days' WHERE user_id = ?")
                .param(company.ownerId())
                .update();

        var refreshed = post("/v1/auth/refresh", Map.of("refresh_token", session.text("refresh_token")));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(jdbc.sql("""
                        SELECT bool_and(expires_at <= family_started_at + interval '30 days')
                        FROM refresh_token WHERE user_id = ? AND used_at IS NULL""").param(company.ownerId()).query(Boolean.class).single())
                .isTrue();
    }

    @Test
    void loggingOutEndsTheSessionsAccessTokensToo() {
        var company = registerCompany();
        var session = login(company.email(), PASSWORD);
        String sid = verifyAccessToken(session.text("access_token")).get("sid", String.class);

        assertThat(post("/v1/auth/logout", Map.of("refresh_token", session.text("refresh_token")))
                        .status())
                .isEqualTo(204);

        var revoked = outboxEvents("sessions.revoked", "user_id", company.ownerId());
        assertThat(revoked).hasSize(1);
        assertThat(revoked.getFirst().get("session_ids"))
                .extracting(JsonNode::asString)
                .containsExactly(sid);
    }

    @Test
    void failedLoginsAreAuditedWithoutThePassword() {
        var company = registerCompany();
        assertThat(login(company.email(), "a wrong password!").status()).isEqualTo(401);
        String unknown = uniqueEmail();
        assertThat(login(unknown, "a wrong password!").status()).isEqualTo(401);

        var known = outboxEvents("audit.recorded", "company_id", company.id()).stream()
                .filter(event -> event.get("action").asString().equals("auth.login_failed"))
                .toList();
        assertThat(known).hasSize(1);
        assertThat(known.getFirst().get("details").get("reason").asString()).isEqualTo("wrong_password");
        assertThat(known.getFirst().toString()).doesNotContain("a wrong password!");
        var unknownEvents = outboxEvents("audit.recorded", "actor", unknown);
        assertThat(unknownEvents).hasSize(1);
        assertThat(unknownEvents.getFirst().get("details").get("reason").asString())
                .isEqualTo("unknown_email");
    }
}
