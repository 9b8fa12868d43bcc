package dev.aggregator.auth.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import dev.aggregator.common.identity.Identity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyVerificationTests extends AuthServiceTestSupport {

    private static final String VERIFY = "/internal/api-keys/verify";
    private static final Identity GATEWAY = Identity.service("api-gateway");

    @Test
    void aLiveKeyVerifiesWithItsCompanyScopesAndLimitsAndIsMarkedUsed() {
        var company = registerCompany();
        var created = post(
                "/v1/auth/api-keys",
                Map.of("name", "prod", "scopes", java.util.List.of("chat"), "rpm_limit", 60),
                company.owner());

        var verified = post(VERIFY, Map.of("key", created.text("key")), GATEWAY);

        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.text("api_key_id")).isEqualTo(created.text("id"));
        assertThat(verified.text("company_id")).isEqualTo(company.id().toString());
        assertThat(verified.body().path("scopes").valueStream().map(s -> s.asString()))
                .containsExactly("chat");
        assertThat(verified.body().path("rpm_limit").asInt()).isEqualTo(60);
        assertThat(verified.body().has("monthly_spend_limit")).isTrue();
        assertThat(verified.body().path("monthly_spend_limit").isNull()).isTrue();

        var listed =
                get("/v1/auth/api-keys", company.owner()).body().path("data").get(0);
        assertThat(listed.path("last_used_at").isNull()).isFalse();
    }

    @Test
    void lastUsedAtIsWrittenAtMostOnceAMinute() {
        var company = registerCompany();
        var created = post("/v1/auth/api-keys", Map.of("name", "hot"), company.owner());
        post(VERIFY, Map.of("key", created.text("key")), GATEWAY);
        Instant first = lastUsedAt(created.text("id"));

        post(VERIFY, Map.of("key", created.text("key")), GATEWAY);
        assertThat(lastUsedAt(created.text("id"))).isEqualTo(first);

        jdbc.sql("UPDATE api_key SET last_used_at = last_used_at - interval '2 minutes' WHERE id = ?::uuid")
                .param(created.text("id"))
                .update();
        post(VERIFY, Map.of("key", created.text("key")), GATEWAY);
        assertThat(lastUsedAt(created.text("id"))).isAfterOrEqualTo(first);
    }

    @Test
    void revokedExpiredUnknownAndMalformedKeysAreNotFound() {
        var company = registerCompany();
        var revoked = post("/v1/auth/api-keys", Map.of("name", "old"), company.owner());
        delete("/v1/auth/api-keys/" + revoked.text("id"), company.owner());
        var expired = post("/v1/auth/api-keys", Map.of("name", "temp"), company.owner());
        jdbc.sql("UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = ?::uuid")
                .param(expired.text("id"))
                .update();

        assertThat(post(VERIFY, Map.of("key", revoked.text("key")), GATEWAY).status())
                .isEqualTo(404);
        assertThat(post(VERIFY, Map.of("key", expired.text("key")), GATEWAY).status())
                .isEqualTo(404);
        assertThat(post(VERIFY, Map.of("key", "sk-agg-" + "A".repeat(43)), GATEWAY)
                        .status())
                .isEqualTo(404);
        assertThat(post(VERIFY, Map.of("key", "not-a-key"), GATEWAY).status()).isEqualTo(404);
        assertThat(post(VERIFY, Map.of(), GATEWAY).status()).isEqualTo(400);
    }

    private Instant lastUsedAt(String id) {
        return jdbc.sql("SELECT last_used_at FROM api_key WHERE id = ?::uuid")
                .param(id)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .single();
    }
}
