package dev.aggregator.orchestrator.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class PreferenceApiTests extends OrchestratorApiTestSupport {

    String alpha;
    String beta;
    String gamma;
    String model;
    UUID company = UUID.randomUUID();

    @BeforeEach
    void catalogue() {
        alpha = unique("Alpha");
        beta = unique("Beta");
        gamma = unique("Gamma");
        model = unique("vendor/pref");
        putModel(
                model,
                offering(createProvider(alpha), "1", "1"),
                offering(createProvider(beta), "2", "2"),
                offering(createProvider(gamma), "3", "3"));
    }

    @Test
    void ownerSetsAPreferenceWithCaseInsensitiveNames() {
        var answer = put(
                member(company, "OWNER"),
                Map.of("order", List.of(gamma.toLowerCase(), alpha), "allow_fallbacks", false, "deny", List.of(beta)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.<String>read("$.model")).isEqualTo(model);
        assertThat(answer.<List<String>>read("$.order")).containsExactly(gamma, alpha);
        assertThat(answer.<List<String>>read("$.deny")).containsExactly(beta);
        assertThat(answer.<Boolean>read("$.allow_fallbacks")).isFalse();
        assertThat(answer.<String>read("$.updated_at")).isNotBlank();

        var listed = call(HttpMethod.GET, "/v1/preferences", member(company, "MEMBER"), null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.<List<String>>read("$.data[*].model")).containsExactly(model);
        assertThat(listed.<List<String>>read("$.data[0].order")).containsExactly(gamma, alpha);

        var published = jdbc.sql("""
                        SELECT count(*) FROM outbox_event WHERE event_type = 'preferences.changed'
                        AND payload->>'company_id' = ? AND payload->>'model' = ?""")
                .params(company.toString(), model)
                .query(Long.class)
                .single();
        assertThat(published).isEqualTo(1);
    }

    @Test
    void preferencesBelongToOneCompany() {
        put(member(company, "ADMIN"), Map.of("order", List.of(alpha), "allow_fallbacks", true));
        UUID other = UUID.randomUUID();

        assertThat(call(HttpMethod.GET, "/v1/preferences", member(other, "OWNER"), null)
                        .<List<?>>read("$.data"))
                .isEmpty();
        assertThat(call(HttpMethod.GET, path(), member(other, "OWNER"), null).status())
                .isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, path(), member(other, "OWNER"), null).status())
                .isEqualTo(404);

        put(member(other, "OWNER"), Map.of("order", List.of(beta), "allow_fallbacks", false));
        var mine = call(HttpMethod.GET, path(), member(company, "MEMBER"), null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.<List<String>>read("$.order")).containsExactly(alpha);
        assertThat(mine.<Boolean>read("$.allow_fallbacks")).isTrue();
    }

    @Test
    void onlyOwnersAndAdminsChangePreferencesAndApiKeysCannotReadThem() {
        var body = Map.of("order", List.of(alpha), "allow_fallbacks", true);

        assertThat(put(member(company, "MEMBER"), body).status()).isEqualTo(403);
        assertThat(put(apiKey(company, "chat", "models"), body).status()).isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/v1/preferences", apiKey(company, "models"), null)
                        .status())
                .isEqualTo(403);
        assertThat(put(platformAdmin(), body).status()).isEqualTo(200);
    }

    @Test
    void unknownRepeatedOrBothOrderedAndDeniedProvidersAreA400() {
        var answer = put(
                member(company, "OWNER"),
                Map.of(
                        "order", List.of(alpha, "no-such-provider", alpha.toUpperCase()),
                        "allow_fallbacks", true,
                        "deny", List.of(beta, alpha)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.<List<String>>read("$.errors[*].field")).containsExactly("order[1]", "order[2]", "deny[1]");
        assertThat(call(HttpMethod.GET, path(), member(company, "OWNER"), null).status())
                .isEqualTo(404);
    }

    @Test
    void missingFieldsAndUnknownModelsAreRefused() {
        var missing = put(member(company, "OWNER"), Map.of("deny", List.of(alpha)));
        assertThat(missing.<List<String>>read("$.errors[*].field"))
                .containsExactlyInAnyOrder("order", "allow_fallbacks");

        var unknownModel = call(
                HttpMethod.PUT,
                "/v1/preferences/models/" + unique("vendor/none"),
                member(company, "OWNER"),
                Map.of("order", List.of(), "allow_fallbacks", true));
        assertThat(unknownModel.status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesThePreference() {
        put(member(company, "OWNER"), Map.of("order", List.of(alpha), "allow_fallbacks", true));

        assertThat(call(HttpMethod.DELETE, path(), member(company, "MEMBER"), null)
                        .status())
                .isEqualTo(403);
        assertThat(call(HttpMethod.DELETE, path(), member(company, "ADMIN"), null)
                        .status())
                .isEqualTo(204);

        assertThat(call(HttpMethod.GET, path(), member(company, "OWNER"), null).status())
                .isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, path(), member(company, "ADMIN"), null)
                        .status())
                .isEqualTo(404);
    }

    private String path() {
        return "/v1/preferences/models/" + model;
    }

    private Answer put(String token, Map<String, Object> body) {
        return call(HttpMethod.PUT, path(), token, body);
    }
}
