package dev.aggregator.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RegistrationTests extends AuthServiceTestSupport {

    @Test
    void registersTheCompanyWithItsOwnerAndAnnouncesItInTheOutbox() {
        String email = uniqueEmail();
        var body = registration(email);

        var response = post("/v1/auth/register", body);

        assertThat(response.status()).isEqualTo(201);
        UUID companyId = UUID.fromString(response.text("id"));
        assertThat(response.text("name")).isEqualTo(body.get("name"));
        assertThat(response.text("email")).isEqualTo(email);
        assertThat(response.text("description")).isEqualTo("Builds anvils");
        assertThat(response.text("website")).isEqualTo("https://acme.example.com");
        assertThat(response.text("phone")).isEqualTo("+1 555 0100");
        assertThat(response.body().path("address").path("city").asString()).isEqualTo("Springfield");
        assertThat(response.body().path("address").path("country").asString()).isEqualTo("US");
        assertThat(response.text("referral_code")).matches("[A-HJ-NP-Z2-9]{8}");
        assertThat(response.text("created_at")).endsWith("Z");
        assertThat(response.body().has("password")).isFalse();

        var owner = jdbc.sql("SELECT role, password_hash FROM member WHERE company_id = ?")
                .param(companyId)
                .query((rs, n) -> new String[] {rs.getString("role"), rs.getString("password_hash")})
                .single();
        assertThat(owner[0]).isEqualTo("OWNER");
        assertThat(owner[1]).startsWith("$2").doesNotContain(PASSWORD);

        var registered = outboxEvents("company.registered", "company_id", companyId);
        assertThat(registered).singleElement().satisfies(event -> {
            assertThat(event.path("referral_code").asString()).isEqualTo(response.text("referral_code"));
            assertThat(event.path("referred_by_company_id").isMissingNode()
                            || event.path("referred_by_company_id").isNull())
                    .isTrue();
        });
        var audits = outboxEvents("audit.recorded", "company_id", companyId);
        assertThat(audits).extracting(event -> event.path("action").asString()).containsExactly("company.registered");
        assertThat(audits.getFirst().path("actor").asString()).isEqualTo(email);
        assertThat(audits.getFirst().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aReferralCodeInAnyCaseLinksTheNewCompanyToItsReferrer() {
        var referrer = registerCompany();
        var body = registration(uniqueEmail());
        body.put("referral_code", referrer.referralCode().toLowerCase(Locale.ROOT));

        var response = post("/v1/auth/register", body);

        assertThat(response.status()).isEqualTo(201);
        assertThat(outboxEvents("company.registered", "company_id", response.text("id")))
                .singleElement()
                .extracting(event -> event.path("referred_by_company_id").asString())
                .isEqualTo(referrer.id().toString());
    }

    @Test
    void aTakenEmailIsAConflictWhateverItsCase() {
        var existing = registerCompany();

        var response = post("/v1/auth/register", registration(existing.email().toUpperCase(Locale.ROOT)));

        assertThat(response.status()).isEqualTo(409);
        assertThat(membersWithEmail(existing.email())).isEqualTo(1);
    }

    @Test
    void invalidFieldsAreA400NamingEachFieldInSnakeCaseAndCreateNothing() {
        String email = "not-an-email";
        var body = registration(email);
        body.put("password", "too-short");
        body.put("name", "n".repeat(201));
        body.put("phone", "1".repeat(51));
        body.put("address", java.util.Map.of("city", "c".repeat(101), "country", "US"));

        var response = post("/v1/auth/register", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().getContentType()).hasToString("application/problem+json");
        assertThat(fields(response.body()))
                .containsExactlyInAnyOrder("email", "password", "name", "phone", "address.city");
        assertThat(companiesWithEmail(email)).isZero();
    }

    @Test
    void anUnknownReferralCodeIsA400OnReferralCodeAndCreatesNothing() {
        String email = uniqueEmail();
        var body = registration(email);
        body.put("referral_code", "NOPE2345");

        var response = post("/v1/auth/register", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.body())).containsExactly("referral_code");
        assertThat(companiesWithEmail(email)).isZero();
        assertThat(membersWithEmail(email)).isZero();
    }

    @Test
    void aPasswordLongerThan128CharactersIsRefusedAndOneOf128IsAccepted() {
        var tooLong = registration(uniqueEmail());
        tooLong.put("password", "p".repeat(129));
        assertThat(post("/v1/auth/register", tooLong).status()).isEqualTo(400);

        // Longer than BCrypt's 72 bytes: every character must still count.
        String email = uniqueEmail();
        var longest = registration(email);
        String password = "é".repeat(128);
        longest.put("password", password);
        assertThat(post("/v1/auth/register", longest).status()).isEqualTo(201);
        assertThat(login(email, password).status()).isEqualTo(200);
        assertThat(login(email, "é".repeat(127) + "e").status()).isEqualTo(401);
    }

    @Test
    void aNulCharacterInTheNameIsA400AndCreatesNothing() {
        // PostgreSQL cannot store U+0000 in text; the refusal (SQLSTATE 22021) must not be a 500.
        String email = uniqueEmail();
        var body = registration(email);
        body.put("name", "Acme\u0000Corp");

        var response = post("/v1/auth/register", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(companiesWithEmail(email)).isZero();
        assertThat(membersWithEmail(email)).isZero();
    }

    @Test
    void aBodyThatIsNotJsonIsA400WithoutInternals() {
        var response = post("/v1/auth/register", "{\"name\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo("https://aggregator.dev/problems/malformed-body");
    }

    private long membersWithEmail(String email) {
        return jdbc.sql("SELECT count(*) FROM member WHERE lower(email) = lower(?)")
                .param(email)
                .query(Long.class)
                .single();
    }

    private long companiesWithEmail(String email) {
        return jdbc.sql("SELECT count(*) FROM company WHERE email = ?")
                .param(email)
                .query(Long.class)
                .single();
    }

    private static java.util.List<String> fields(JsonNode problem) {
        return problem.path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
    }
}
