package dev.aggregator.auth.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import dev.aggregator.common.identity.Identity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiKeyTests extends AuthServiceTestSupport {

    private static final String KEYS = "/v1/auth/api-keys";

    @Test
    void anOwnerCreatesAKeyThatIsShownOnceAndStoredOnlyAsAHash() {
        var company = registerCompany();

        var created = post(KEYS, Map.of("name", "production"), company.owner());

        assertThat(created.status()).isEqualTo(201);
        String key = created.text("key");
        assertThat(key).startsWith("sk-agg-").hasSize(7 + 43).matches("sk-agg-[A-Za-z0-9_-]{43}");
        assertThat(created.text("prefix")).isEqualTo(key.substring(0, 12));
        assertThat(strings(created.body().path("scopes")))
                .containsExactly("chat", "models", "billing:read", "analytics:read");
        assertThat(created.body().has("expires_at")).isTrue();
        assertThat(created.body().path("expires_at").isNull()).isTrue();
        assertThat(created.headers().getCacheControl()).isEqualTo("no-store");

        String id = created.text("id");
        assertThat(jdbc.sql("SELECT key_hash = encode(sha256(?::bytea), 'hex') FROM api_key WHERE id = ?::uuid")
                        .params(key, id)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM api_key WHERE strpos(row_to_json(api_key)::text, ?) > 0")
                        .param(key)
                        .query(Long.class)
                        .single())
                .isZero();

        var listed = get(KEYS, company.owner());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("data")).singleElement().satisfies(item -> {
            assertThat(item.path("id").asString()).isEqualTo(id);
            assertThat(item.path("prefix").asString()).isEqualTo(key.substring(0, 12));
            assertThat(item.has("key")).isFalse();
            assertThat(item.has("key_hash")).isFalse();
            assertThat(item.has("last_used_at")).isTrue();
            assertThat(item.path("revoked_at").isNull()).isTrue();
        });
        assertThat(listed.body().toString()).doesNotContain(key);
        assertThat(outboxEvents("audit.recorded", "target", "api_key:" + id))
                .extracting(event -> event.path("action").asString())
                .containsExactly("apikey.created");
        assertThat(outboxEvents("audit.recorded", "target", "api_key:" + id).toString())
                .doesNotContain(key);
    }

    @Test
    void scopesAndLimitsAreKeptAsGiven() {
        var company = registerCompany();
        var expiresAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        var created = post(
                KEYS,
                Map.of(
                        "name",
                        "analytics bot",
                        "scopes",
                        List.of("analytics:read", "chat", "chat"),
                        "expires_at",
                        expiresAt.toString(),
                        "rpm_limit",
                        120,
                        "monthly_spend_limit",
                        new java.math.BigDecimal("12.50000001")),
                company.owner());

        assertThat(created.status()).isEqualTo(201);
        assertThat(strings(created.body().path("scopes"))).containsExactly("chat", "analytics:read");
        assertThat(Instant.parse(created.text("expires_at"))).isEqualTo(expiresAt);
        assertThat(created.body().path("rpm_limit").asInt()).isEqualTo(120);
        assertThat(created.body().path("monthly_spend_limit").decimalValue()).isEqualByComparingTo("12.50000001");
    }

    @Test
    void revokingAKeyIsIdempotentShowsInTheListAndIsAnnounced() {
        var company = registerCompany();
        String id = post(KEYS, Map.of("name", "ci"), company.owner()).text("id");

        assertThat(delete(KEYS + "/" + id, company.owner()).status()).isEqualTo(204);
        assertThat(delete(KEYS + "/" + id, company.owner()).status()).isEqualTo(204);

        var listed = get(KEYS, company.owner()).body().path("data");
        assertThat(listed.get(0).path("revoked_at").isNull()).isFalse();
        assertThat(outboxEvents("apikey.revoked", "api_key_id", id))
                .singleElement()
                .extracting(event -> event.path("company_id").asString())
                .isEqualTo(company.id().toString());
        assertThat(outboxEvents("audit.recorded", "target", "api_key:" + id))
                .extracting(event -> event.path("action").asString())
                .containsExactlyInAnyOrder("apikey.created", "apikey.revoked");
    }

    @Test
    void anotherCompanysKeyIsNotFoundAndNotListed() {
        var mine = registerCompany();
        var theirs = registerCompany();
        String theirKey = post(KEYS, Map.of("name", "theirs"), theirs.owner()).text("id");

        assertThat(delete(KEYS + "/" + theirKey, mine.owner()).status()).isEqualTo(404);
        assertThat(delete(KEYS + "/" + UUID.randomUUID(), mine.owner()).status())
                .isEqualTo(404);
        assertThat(get(KEYS, mine.owner()).body().path("data").isEmpty()).isTrue();
        assertThat(get(KEYS, theirs.owner())
                        .body()
                        .path("data")
                        .get(0)
                        .path("revoked_at")
                        .isNull())
                .isTrue();
    }

    @Test
    void membersMayListButOnlyOwnersAndAdminsManageAndNeverWithAnApiKey() {
        var company = registerCompany();
        String id = post(KEYS, Map.of("name", "shared"), company.owner()).text("id");
        var member = company.member(Identity.MEMBER);
        var admin = company.member(Identity.ADMIN);
        var apiKey = Identity.apiKey(company.id(), UUID.fromString(id), Set.of("chat", "models"));

        assertThat(get(KEYS, member).status()).isEqualTo(200);
        assertThat(post(KEYS, Map.of("name", "nope"), member).status()).isEqualTo(403);
        assertThat(delete(KEYS + "/" + id, member).status()).isEqualTo(403);

        assertThat(post(KEYS, Map.of("name", "by admin"), admin).status()).isEqualTo(201);

        assertThat(post(KEYS, Map.of("name", "nope"), apiKey).status()).isEqualTo(403);
        assertThat(get(KEYS, apiKey).status()).isEqualTo(403);
        assertThat(delete(KEYS + "/" + id, apiKey).status()).isEqualTo(403);
    }

    @Test
    void invalidRequestsAreA400NamingTheFieldAndCreateNothing() {
        var company = registerCompany();

        assertThat(fields(post(KEYS, Map.of("name", "x", "scopes", List.of("chat", "admin")), company.owner())))
                .containsExactly("scopes[1]");
        assertThat(fields(post(KEYS, Map.of("name", "x", "scopes", List.of()), company.owner())))
                .containsExactly("scopes");
        assertThat(fields(post(
                        KEYS,
                        Map.of(
                                "name",
                                "x",
                                "expires_at",
                                Instant.now().minusSeconds(60).toString()),
                        company.owner())))
                .containsExactly("expires_at");
        assertThat(fields(post(KEYS, Map.of("name", "x", "rpm_limit", 0), company.owner())))
                .containsExactly("rpm_limit");
        assertThat(fields(post(KEYS, Map.of("name", "x", "rpm_limit", 1_000_001), company.owner())))
                .containsExactly("rpm_limit");
        assertThat(fields(post(
                        KEYS,
                        Map.of("name", "x", "monthly_spend_limit", new java.math.BigDecimal("1.123456789")),
                        company.owner())))
                .containsExactly("monthly_spend_limit");
        assertThat(fields(post(
                        KEYS,
                        Map.of("name", "x", "monthly_spend_limit", new java.math.BigDecimal("-1")),
                        company.owner())))
                .containsExactly("monthly_spend_limit");
        assertThat(fields(post(KEYS, Map.of("name", " "), company.owner()))).containsExactly("name");

        assertThat(get(KEYS, company.owner()).body().path("data").isEmpty()).isTrue();
    }

    @Test
    void theListPagesNewestFirstWithASignedCursor() {
        var company = registerCompany();
        var ids = new java.util.ArrayList<String>();
        for (int i = 0; i < 3; i++)
            ids.add(post(KEYS, Map.of("name", "key " + i), company.owner()).text("id"));

        var first = get(KEYS + "?limit=2", company.owner());
        assertThat(ids(first.body())).containsExactly(ids.get(2), ids.get(1));
        String cursor = first.text("next_cursor");
        assertThat(cursor).isNotBlank();

        var second = get(KEYS + "?limit=2&cursor=" + cursor, company.owner());
        assertThat(ids(second.body())).containsExactly(ids.get(0));
        assertThat(second.body().path("next_cursor").isNull()
                        || second.body().path("next_cursor").isMissingNode())
                .isTrue();

        assertThat(get(KEYS + "?limit=0", company.owner()).status()).isEqualTo(400);
        assertThat(get(KEYS + "?limit=501", company.owner()).status()).isEqualTo(400);
        assertThat(get(KEYS + "?cursor=forged", company.owner()).status()).isEqualTo(400);
    }

    private static List<String> fields(Response response) {
        assertThat(response.status()).isEqualTo(400);
        return response.body()
                .path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
    }

    private static List<String> ids(JsonNode page) {
        return page.path("data")
                .valueStream()
                .map(item -> item.path("id").asString())
                .toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
