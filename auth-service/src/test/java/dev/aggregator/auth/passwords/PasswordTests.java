package dev.aggregator.auth.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

class PasswordTests extends AuthServiceTestSupport {

    private static final String NEW_PASSWORD = "a brand new password";

    @Test
    void changingThePasswordEndsEveryOtherSessionButTheCallers() {
        var company = registerCompany();
        var caller = login(company.email(), PASSWORD);
        var other = login(company.email(), PASSWORD);
        String callerSid = sid(caller);
        String otherSid = sid(other);

        var wrong = changePassword(caller, "not the password", NEW_PASSWORD);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("errors").get(0).get("field").asString()).isEqualTo("current_password");
        assertThat(changePassword(caller, PASSWORD, "short").status()).isEqualTo(400);

        assertThat(changePassword(caller, PASSWORD, NEW_PASSWORD).status()).isEqualTo(204);

        assertThat(refresh(other).status()).as("another session").isEqualTo(401);
        assertThat(refresh(caller).status()).as("the calling session").isEqualTo(200);
        var revoked = outboxEvents("sessions.revoked", "user_id", company.ownerId());
        assertThat(revoked).hasSize(1);
        assertThat(revoked.getFirst().get("session_ids"))
                .extracting(JsonNode::asString)
                .contains(otherSid)
                .doesNotContain(callerSid);
        assertThat(login(company.email(), PASSWORD).status()).isEqualTo(401);
        assertThat(login(company.email(), NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(auditActions(company.id())).contains("auth.password_changed");
    }

    @Test
    void aResetIsMailedOnceUsableAndEndsEverySession() {
        var company = registerCompany();
        var session = login(company.email(), PASSWORD);

        var requested = post("/v1/auth/password-reset", Map.of("email", company.email()));
        var unknown = post("/v1/auth/password-reset", Map.of("email", uniqueEmail()));
        assertThat(requested.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.body()).as("the same answer either way").isEqualTo(requested.body());

        var mail = awaitMails(company.email(), 1).getFirst();
        String token = tokenIn(mail);
        assertThat(jdbc.sql("SELECT count(*) FROM password_reset WHERE token_hash = ?")
                        .param(token)
                        .query(Integer.class)
                        .single())
                .as("only a hash is stored")
                .isZero();

        var confirm = Map.of("token", token, "new_password", NEW_PASSWORD);
        assertThat(post("/v1/auth/password-reset/confirm", confirm).status()).isEqualTo(204);
        assertThat(post("/v1/auth/password-reset/confirm", confirm).status())
                .as("single use")
                .isEqualTo(400);
        assertThat(refresh(session).status()).isEqualTo(401);
        assertThat(outboxEvents("sessions.revoked", "user_id", company.ownerId()))
                .hasSize(1);
        assertThat(login(company.email(), NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(auditActions(company.id()))
                .contains("auth.password_reset_requested", "auth.password_reset_confirmed");
    }

    @Test
    void anExpiredOrUnknownResetTokenIsABadRequest() {
        var company = registerCompany();
        post("/v1/auth/password-reset", Map.of("email", company.email()));
        String token = tokenIn(awaitMails(company.email(), 1).getFirst());
        jdbc.sql("UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE user_id = ?")
                .param(company.ownerId())
                .update();

        var expired = post("/v1/auth/password-reset/confirm", Map.of("token", token, "new_password", NEW_PASSWORD));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body().get("errors").get(0).get("field").asString()).isEqualTo("token");
        assertThat(post("/v1/auth/password-reset/confirm", Map.of("token", "nope", "new_password", NEW_PASSWORD))
                        .status())
                .isEqualTo(400);
        assertThat(login(company.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void atMostThreeResetMailsAnHourReachAnAccount() throws InterruptedException {
        var company = registerCompany();
        for (int i = 0; i < 5; i++) {
            assertThat(post("/v1/auth/password-reset", Map.of("email", company.email()))
                            .status())
                    .isEqualTo(202);
        }
        awaitMails(company.email(), 3);
        Thread.sleep(500); // a fourth mail would have arrived by now
        assertThat(mailsTo(company.email())).hasSize(3);
    }

    private Response changePassword(Response session, String current, String next) {
        var identity = identityOf(session.text("access_token"));
        return call(
                HttpMethod.POST,
                "/v1/auth/password",
                Map.of("current_password", current, "new_password", next),
                identity,
                Map.of("X-Aggregator-Session", sid(session)));
    }

    private Response refresh(Response session) {
        return post("/v1/auth/refresh", Map.of("refresh_token", session.text("refresh_token")));
    }

    private String sid(Response session) {
        return verifyAccessToken(session.text("access_token")).get("sid", String.class);
    }

    private java.util.List<String> auditActions(UUID companyId) {
        return outboxEvents("audit.recorded", "company_id", companyId).stream()
                .map(event -> event.get("action").asString())
                .toList();
    }
}
