package dev.aggregator.auth.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import dev.aggregator.common.identity.Identity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

class ApiKeyUpdateTests extends AuthServiceTestSupport {

    private static final String KEYS = "/v1/auth/api-keys";

    @Test
    void aKeyIsCreatedWithAModelAllowListThatVerificationCarries() {
        var company = registerCompany();

        var created = post(
                KEYS,
                Map.of(
                        "name",
                        "bot",
                        "models",
                        List.of(" gpt-4o-mini", "gpt-4o-mini", "claude-haiku"),
                        "rpm_limit",
                        1_000_000),
                company.owner());

        assertThat(created.status()).isEqualTo(201);
        assertThat(strings(created.body().path("models"))).containsExactly("gpt-4o-mini", "claude-haiku");
        assertThat(created.body().path("rpm_limit").asInt()).isEqualTo(1_000_000);
        var verified =
                post("/internal/api-keys/verify", Map.of("key", created.text("key")), Identity.service("api-gateway"));
        assertThat(strings(verified.body().path("models"))).containsExactly("gpt-4o-mini", "claude-haiku");
        assertThat(strings(get(KEYS, company.owner()).body().path("data").get(0).path("models")))
                .containsExactly("gpt-4o-mini", "claude-haiku");
    }

    @Test
    void aPatchChangesWhatItNamesKeepsWhatItLeavesOutAndClearsWhatItSendsAsNull() {
        var company = registerCompany();
        var expiresAt = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var created = post(
                KEYS,
                Map.of(
                        "name",
                        "ci",
                        "rpm_limit",
                        60,
                        "monthly_spend_limit",
                        new BigDecimal("10"),
                        "models",
                        List.of("gpt-4o")),
                company.owner());
        String id = created.text("id");

        var renamed = patch(
                KEYS + "/" + id,
                Map.of(
                        "name",
                        "ci runner",
                        "monthly_spend_limit",
                        new BigDecimal("2.50000001"),
                        "expires_at",
                        expiresAt.toString()),
                company.owner());

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("ci runner");
        assertThat(renamed.body().path("monthly_spend_limit").decimalValue()).isEqualByComparingTo("2.50000001");
        assertThat(renamed.body().path("rpm_limit").asInt()).isEqualTo(60);
        assertThat(strings(renamed.body().path("models"))).containsExactly("gpt-4o");
        assertThat(Instant.parse(renamed.text("expires_at"))).isEqualTo(expiresAt);
        assertThat(renamed.body().has("key")).isFalse();

        var defaults = patch(
                KEYS + "/" + id,
                "{\"monthly_spend_limit\": null, \"models\": null, \"rpm_limit\": null}",
                company.owner());

        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.body().path("monthly_spend_limit").isNull()).isTrue();
        assertThat(defaults.body().path("rpm_limit").isNull()).isTrue();
        assertThat(strings(defaults.body().path("models"))).isEmpty();
        assertThat(defaults.text("name")).isEqualTo("ci runner");

        assertThat(outboxEvents("apikey.changed", "api_key_id", id)).hasSize(2);
        assertThat(outboxEvents("audit.recorded", "target", "api_key:" + id))
                .extracting(event -> event.path("action").asString())
                .containsExactlyInAnyOrder("apikey.created", "apikey.updated", "apikey.updated");
    }

    @Test
    void onlyOwnersAndAdminsOfTheCompanyMayPatchAndBadValuesChangeNothing() {
        var company = registerCompany();
        var other = registerCompany();
        String id = post(KEYS, Map.of("name", "shared"), company.owner()).text("id");

        assertThat(patch(KEYS + "/" + id, Map.of("name", "x"), company.member(Identity.MEMBER))
                        .status())
                .isEqualTo(403);
        assertThat(patch(KEYS + "/" + id, Map.of("name", "x"), other.owner()).status())
                .isEqualTo(404);
        assertThat(patch(KEYS + "/" + UUID.randomUUID(), Map.of("name", "x"), company.owner())
                        .status())
                .isEqualTo(404);
        assertThat(patch(KEYS + "/" + id, Map.of("name", "by admin"), company.member(Identity.ADMIN))
                        .status())
                .isEqualTo(200);

        assertThat(fields(patch(KEYS + "/" + id, "{\"name\": null}", company.owner())))
                .containsExactly("name");
        assertThat(fields(patch(KEYS + "/" + id, Map.of("rpm_limit", 0), company.owner())))
                .containsExactly("rpm_limit");
        assertThat(fields(patch(KEYS + "/" + id, Map.of("monthly_spend_limit", new BigDecimal("-1")), company.owner())))
                .containsExactly("monthly_spend_limit");
        assertThat(fields(patch(KEYS + "/" + id, Map.of("models", List.of("")), company.owner())))
                .containsExactly("models[0]");
        assertThat(fields(patch(
                        KEYS + "/" + id,
                        Map.of("expires_at", Instant.now().minusSeconds(5).toString()),
                        company.owner())))
                .containsExactly("expires_at");

        var listed = get(KEYS, company.owner()).body().path("data").get(0);
        assertThat(listed.path("name").asString()).isEqualTo("by admin");
        assertThat(listed.path("rpm_limit").isNull()).isTrue();
        assertThat(listed.path("expires_at").isNull()).isTrue();
    }

    private Response patch(String path, Object body, Identity identity) {
        return call(HttpMethod.PATCH, path, body, identity, Map.of());
    }

    private static List<String> fields(Response response) {
        assertThat(response.status()).isEqualTo(400);
        return response.body()
                .path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
