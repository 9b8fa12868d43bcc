package dev.aggregator.auth.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import dev.aggregator.common.identity.Identity;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TeamMembersTests extends AuthServiceTestSupport {

    private static final String MEMBER_PASSWORD = "a member's own password";

    @Test
    void anInvitationIsMailedAndAcceptedWithTheMailedToken() throws Exception {
        var company = registerCompany();
        String email = uniqueEmail();

        var invited = post("/v1/auth/invitations", Map.of("email", email, "role", "ADMIN"), company.owner());
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.text("email")).isEqualTo(email);
        assertThat(invited.text("role")).isEqualTo("ADMIN");
        assertThat(invited.headers().getCacheControl()).isEqualTo("no-store");

        var mail = awaitMails(email, 1).getFirst();
        assertThat(mail.getContent().toString()).contains("https://app.example.com/accept-invitation?token=");
        String token = tokenIn(mail);
        assertThat(token).isEqualTo(invited.text("token"));
        assertThat(jdbc.sql("SELECT count(*) FROM invitation WHERE token_hash = ? OR token_hash = ?")
                        .params(token, invited.text("token"))
                        .query(Integer.class)
                        .single())
                .as("only a hash of the token is stored")
                .isZero();

        var accepted =
                post("/v1/auth/invitations/accept", Map.of("token", token, "password", MEMBER_PASSWORD, "name", "Ada"));
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.text("company_id")).isEqualTo(company.id().toString());
        assertThat(accepted.text("email")).isEqualTo(email);
        assertThat(accepted.body().get("roles").get(0).asString()).isEqualTo("ADMIN");

        var login = login(email, MEMBER_PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        var admin = identityOf(login.text("access_token"));
        assertThat(admin.roles()).containsExactly("ADMIN");
        assertThat(admin.companyId()).isEqualTo(company.id());

        var members = get("/v1/auth/members", admin);
        assertThat(members.status()).isEqualTo(200);
        var joined = byEmail(members.body(), email);
        assertThat(joined.get("name").asString()).isEqualTo("Ada");
        assertThat(joined.get("id").asString()).isEqualTo(accepted.text("user_id"));
        assertThat(joined.get("last_login_at").isNull()).isFalse();
        assertThat(byEmail(members.body(), company.email()).get("roles").get(0).asString())
                .isEqualTo("OWNER");

        assertThat(post("/v1/auth/invitations/accept", Map.of("token", token, "password", MEMBER_PASSWORD))
                        .status())
                .as("a used token")
                .isEqualTo(400);
        assertThat(auditActions(company.id())).contains("member.invited", "member.invitation_accepted");
    }

    @Test
    void whoMayInviteWhomFollowsTheRoleTable() {
        var company = registerCompany();
        var admin = company.member(Identity.ADMIN);
        var member = company.member(Identity.MEMBER);

        assertThat(invite(company.owner(), "MEMBER").status()).isEqualTo(201);
        assertThat(invite(admin, "MEMBER").status()).isEqualTo(201);
        assertThat(invite(admin, "ADMIN").status()).isEqualTo(403);
        assertThat(invite(member, "MEMBER").status()).isEqualTo(403);
        var owner = invite(company.owner(), "OWNER");
        assertThat(owner.status()).isEqualTo(400);
        assertThat(owner.body().get("errors").get(0).get("field").asString()).isEqualTo("role");
        assertThat(post("/v1/auth/invitations", Map.of("email", "not-an-email", "role", "MEMBER"), company.owner())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anAddressWithAnAccountCannotBeInvited() {
        var company = registerCompany();
        var other = registerCompany();
        var response = post(
                "/v1/auth/invitations",
                Map.of("email", other.email().toUpperCase(java.util.Locale.ROOT), "role", "MEMBER"),
                company.owner());
        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void invitingAgainReplacesThePendingInvitation() {
        var company = registerCompany();
        String email = uniqueEmail();
        String first = post("/v1/auth/invitations", Map.of("email", email, "role", "MEMBER"), company.owner())
                .text("token");
        String second = post(
                        "/v1/auth/invitations",
                        Map.of("email", email.toUpperCase(java.util.Locale.ROOT), "role", "MEMBER"),
                        company.owner())
                .text("token");

        assertThat(post("/v1/auth/invitations/accept", Map.of("token", first, "password", MEMBER_PASSWORD))
                        .status())
                .isEqualTo(400);
        assertThat(post("/v1/auth/invitations/accept", Map.of("token", second, "password", MEMBER_PASSWORD))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void anExpiredOrUnknownInvitationIsABadRequest() {
        var company = registerCompany();
        String email = uniqueEmail();
        var invited = post("/v1/auth/invitations", Map.of("email", email, "role", "MEMBER"), company.owner());
        jdbc.sql("UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = ?")
                .param(UUID.fromString(invited.text("id")))
                .update();

        var expired = post(
                "/v1/auth/invitations/accept", Map.of("token", invited.text("token"), "password", MEMBER_PASSWORD));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body().get("errors").get(0).get("field").asString()).isEqualTo("token");
        assertThat(post("/v1/auth/invitations/accept", Map.of("token", "nope", "password", MEMBER_PASSWORD))
                        .status())
                .isEqualTo(400);
        assertThat(post("/v1/auth/invitations/accept", Map.of("token", "nope", "password", "short"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void onlyAnOwnerChangesRolesAndTheLastOwnerStays() {
        var company = registerCompany();
        var member = join(company, "MEMBER");

        assertThat(patch("/v1/auth/members/" + member.userId(), Map.of("role", "ADMIN"), company.member("ADMIN"))
                        .status())
                .isEqualTo(403);
        assertThat(patch("/v1/auth/members/" + company.ownerId(), Map.of("role", "ADMIN"), company.owner())
                        .status())
                .as("the last owner")
                .isEqualTo(409);

        var promoted = patch("/v1/auth/members/" + member.userId(), Map.of("role", "OWNER"), company.owner());
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.body().get("roles").get(0).asString()).isEqualTo("OWNER");
        var token = login(member.email(), MEMBER_PASSWORD).text("access_token");
        assertThat(identityOf(token).roles()).as("the next token").containsExactly("OWNER");

        assertThat(patch("/v1/auth/members/" + company.ownerId(), Map.of("role", "MEMBER"), company.owner())
                        .status())
                .as("another owner is left")
                .isEqualTo(200);
        assertThat(patch("/v1/auth/members/" + member.userId(), Map.of("role", "SUPERUSER"), identityOf(token))
                        .status())
                .isEqualTo(400);
        assertThat(auditActions(company.id())).contains("member.role_changed");
    }

    @Test
    void anotherCompanysMemberIsNeverFound() {
        var company = registerCompany();
        var other = registerCompany();
        assertThat(patch("/v1/auth/members/" + other.ownerId(), Map.of("role", "MEMBER"), company.owner())
                        .status())
                .isEqualTo(404);
        assertThat(delete("/v1/auth/members/" + other.ownerId(), company.owner())
                        .status())
                .isEqualTo(404);
        assertThat(get("/v1/auth/members", company.owner()).body().get("data"))
                .extracting(node -> node.get("email").asString())
                .containsExactly(company.email());
        assertThat(delete("/v1/auth/members/not-a-uuid", company.owner()).status())
                .isEqualTo(400);
    }

    @Test
    void removingAMemberEndsItsSessionsAndItsLogins() {
        var company = registerCompany();
        var member = join(company, "MEMBER");
        var session = login(member.email(), MEMBER_PASSWORD);
        String sid = verifyAccessToken(session.text("access_token")).get("sid", String.class);

        assertThat(delete("/v1/auth/members/" + member.userId(), company.member("ADMIN"))
                        .status())
                .as("an ADMIN may remove a MEMBER")
                .isEqualTo(204);

        assertThat(post("/v1/auth/refresh", Map.of("refresh_token", session.text("refresh_token")))
                        .status())
                .isEqualTo(401);
        assertThat(login(member.email(), MEMBER_PASSWORD).status()).isEqualTo(401);
        var revoked = outboxEvents("sessions.revoked", "user_id", member.userId());
        assertThat(revoked).hasSize(1);
        assertThat(revoked.getFirst().get("session_ids"))
                .extracting(JsonNode::asString)
                .containsExactly(sid);
        assertThat(auditActions(company.id())).contains("member.removed");
    }

    @Test
    void removalFollowsTheRoleTable() {
        var company = registerCompany();
        var admin = join(company, "ADMIN");
        var adminIdentity = Identity.member(company.id(), admin.userId(), admin.email(), java.util.Set.of("ADMIN"));

        assertThat(delete("/v1/auth/members/" + admin.userId(), company.member("MEMBER"))
                        .status())
                .isEqualTo(403);
        assertThat(delete("/v1/auth/members/" + company.ownerId(), adminIdentity)
                        .status())
                .isEqualTo(403);
        assertThat(delete("/v1/auth/members/" + company.ownerId(), company.owner())
                        .status())
                .as("the last owner")
                .isEqualTo(409);
        assertThat(delete("/v1/auth/members/" + admin.userId(), company.owner()).status())
                .isEqualTo(204);
    }

    private record Joined(UUID userId, String email) {}

    private Joined join(Company company, String role) {
        String email = uniqueEmail();
        var invited = post("/v1/auth/invitations", Map.of("email", email, "role", role), company.owner());
        var accepted = post(
                "/v1/auth/invitations/accept", Map.of("token", invited.text("token"), "password", MEMBER_PASSWORD));
        assertThat(accepted.status()).isEqualTo(201);
        return new Joined(UUID.fromString(accepted.text("user_id")), email);
    }

    private Response patch(String path, Object body, Identity identity) {
        return call(org.springframework.http.HttpMethod.PATCH, path, body, identity, Map.of());
    }

    private Response invite(Identity identity, String role) {
        return post("/v1/auth/invitations", Map.of("email", uniqueEmail(), "role", role), identity);
    }

    private static JsonNode byEmail(JsonNode page, String email) {
        for (var node : page.get("data")) {
            if (node.get("email").asString().equals(email)) return node;
        }
        throw new AssertionError("no member " + email + " in " + page);
    }

    private List<String> auditActions(UUID companyId) {
        return outboxEvents("audit.recorded", "company_id", companyId).stream()
                .map(event -> event.get("action").asString())
                .toList();
    }
}
