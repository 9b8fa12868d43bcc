package dev.aggregator.orchestrator.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

class ProviderApiTests extends OrchestratorApiTestSupport {

    @Autowired
    ProviderKeyCipher cipher;

    @Test
    void platformAdminCreatesProviderAndNeverGetsTheKeyBack() {
        String name = unique("OpenAI");
        String key = "sk-live-" + UUID.randomUUID();

        var created = call(
                HttpMethod.POST,
                "/v1/providers",
                platformAdmin(),
                Map.of(
                        "name",
                        name,
                        "type",
                        "openai",
                        "base_url",
                        "https://api.openai.com/v1/",
                        "api_key",
                        key,
                        "enabled",
                        true));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(key).doesNotContain("\"api_key\"");
        assertThat(created.<String>read("$.name")).isEqualTo(name);
        assertThat(created.<String>read("$.type")).isEqualTo("openai");
        assertThat(created.<String>read("$.base_url")).isEqualTo("https://api.openai.com/v1");
        assertThat(created.<Boolean>read("$.enabled")).isTrue();
        assertThat(created.<Boolean>read("$.has_api_key")).isTrue();
        assertThat(created.<String>read("$.created_at")).endsWith("Z");
        String id = created.read("$.id");

        var fetched = call(HttpMethod.GET, "/v1/providers/" + id, platformAdmin(), null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).doesNotContain(key);
        var listed = call(HttpMethod.GET, "/v1/providers", platformAdmin(), null);
        assertThat(listed.<List<String>>read("$.data[*].name")).contains(name);
        assertThat(listed.body()).doesNotContain(key);
    }

    @Test
    void storesTheKeyEncryptedWithAFreshIv() {
        String key = "sk-live-" + UUID.randomUUID();
        UUID id = createProvider(unique("enc"), "anthropic", key, true);

        String stored = storedKey(id);

        assertThat(stored).isNotEqualTo(key).doesNotContain(key);
        // 12-byte IV + ciphertext as long as the key + 16-byte GCM tag
        assertThat(Base64.getDecoder().decode(stored)).hasSize(12 + key.length() + 16);
        assertThat(cipher.decrypt(stored, id)).isEqualTo(key);

        var sameKeyElsewhere = createProvider(unique("enc"), "anthropic", key, true);
        assertThat(storedKey(sameKeyElsewhere)).isNotEqualTo(stored);
    }

    @Test
    void onlyPlatformAdminsManageProviders() {
        UUID company = UUID.randomUUID();
        UUID existing = createProvider(unique("guarded"));
        for (String caller : List.of(member(company, "OWNER"), member(company, "ADMIN"), apiKey(company, "models"))) {
            var body = Map.of("name", unique("nope"), "type", "openai", "base_url", "https://x.test", "api_key", "k");
            assertThat(call(HttpMethod.POST, "/v1/providers", caller, body).status())
                    .isEqualTo(403);
            assertThat(call(HttpMethod.GET, "/v1/providers", caller, null).status())
                    .isEqualTo(403);
            assertThat(call(HttpMethod.GET, "/v1/providers/" + existing, caller, null)
                            .status())
                    .isEqualTo(403);
            assertThat(call(HttpMethod.PATCH, "/v1/providers/" + existing, caller, Map.of("enabled", false))
                            .status())
                    .isEqualTo(403);
            assertThat(call(HttpMethod.DELETE, "/v1/providers/" + existing, caller, null)
                            .status())
                    .isEqualTo(403);
        }
        assertThat(call(HttpMethod.GET, "/v1/providers/" + existing, platformAdmin(), null)
                        .<Boolean>read("$.enabled"))
                .isTrue();
    }

    @Test
    void refusesAServiceIdentityAndAMissingOne() {
        assertThat(call(HttpMethod.GET, "/v1/providers", proxyService(), null).status())
                .isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/v1/providers", null, null).status()).isEqualTo(401);
    }

    @Test
    void duplicateNameIsAConflictWhateverTheCase() {
        String name = unique("Dup");
        createProvider(name);

        var body =
                Map.of("name", name.toUpperCase(), "type", "openrouter", "base_url", "https://x.test", "api_key", "k");
        var answer = call(HttpMethod.POST, "/v1/providers", platformAdmin(), body);

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void invalidProviderIsA400NamingEachFieldAndCreatesNothing() {
        String name = unique("bad");
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name + " with spaces");
        body.put("type", "azure");
        body.put("base_url", "ftp://user:pass@files.test");
        body.put("api_key", "x".repeat(501));

        var answer = call(HttpMethod.POST, "/v1/providers", platformAdmin(), body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.<List<String>>read("$.errors[*].field"))
                .containsExactlyInAnyOrder("name", "type", "base_url", "api_key");
        assertThat(answer.body()).doesNotContain("pass@");
        assertThat(call(HttpMethod.GET, "/v1/providers", platformAdmin(), null).<List<String>>read("$.data[*].name"))
                .noneMatch(n -> n.startsWith(name));
    }

    @Test
    void apiKeyIsRequiredExceptForOpenAiCompatibleEndpoints() {
        var withoutKey =
                Map.<String, Object>of("name", unique("nokey"), "type", "openai", "base_url", "https://x.test");
        var refused = call(HttpMethod.POST, "/v1/providers", platformAdmin(), withoutKey);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.<List<String>>read("$.errors[*].field")).containsExactly("api_key");

        var local = Map.<String, Object>of(
                "name", unique("ollama"), "type", "openai_compatible", "base_url", "http://127.0.0.1:11434/v1");
        var created = call(HttpMethod.POST, "/v1/providers", platformAdmin(), local);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.<Boolean>read("$.has_api_key")).isFalse();
        assertThat(created.<Boolean>read("$.enabled")).isTrue();
    }

    @Test
    void patchChangesOnlyTheFieldsSentAndRotatesTheKey() {
        String name = unique("patch");
        UUID id = createProvider(name, "openai", "sk-old", true);
        String before = storedKey(id);
        long announced = outboxCount("catalog.changed");

        String renamed = unique("renamed");
        var answer = call(
                HttpMethod.PATCH,
                "/v1/providers/" + id,
                platformAdmin(),
                Map.of("name", renamed, "api_key", "sk-new", "enabled", false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.<String>read("$.name")).isEqualTo(renamed);
        assertThat(answer.<Boolean>read("$.enabled")).isFalse();
        assertThat(answer.<String>read("$.base_url")).isEqualTo("https://" + name.toLowerCase() + ".example.test/v1");
        assertThat(answer.<String>read("$.type")).isEqualTo("openai");
        assertThat(storedKey(id)).isNotEqualTo(before);
        assertThat(cipher.decrypt(storedKey(id), id)).isEqualTo("sk-new");
        assertThat(outboxCount("catalog.changed")).isEqualTo(announced + 1);
        assertThat(auditActions("provider:" + id)).containsExactly("provider.created", "provider.updated");
    }

    @Test
    void patchCannotTakeAnotherProvidersNameNorDropARequiredKey() {
        String taken = unique("taken");
        createProvider(taken);
        UUID id = createProvider(unique("other"));
        long announced = outboxCount("catalog.changed");

        assertThat(call(HttpMethod.PATCH, "/v1/providers/" + id, platformAdmin(), Map.of("name", taken))
                        .status())
                .isEqualTo(409);
        var dropKey = call(HttpMethod.PATCH, "/v1/providers/" + id, platformAdmin(), Map.of("api_key", ""));
        assertThat(dropKey.status()).isEqualTo(400);
        assertThat(dropKey.<List<String>>read("$.errors[*].field")).containsExactly("api_key");
        assertThat(storedKey(id)).isNotNull();
        assertThat(outboxCount("catalog.changed")).isEqualTo(announced);
        assertThat(auditActions("provider:" + id)).containsExactly("provider.created");
    }

    @Test
    void deleteRemovesTheProviderAndItsOfferings() {
        UUID id = createProvider(unique("gone"));
        UUID staying = createProvider(unique("stays"));
        String model = unique("del/model");
        putModel(model, offering(id, "1", "2"), offering(staying, "3", "4"));
        long announced = outboxCount("catalog.changed");

        assertThat(call(HttpMethod.DELETE, "/v1/providers/" + id, platformAdmin(), null)
                        .status())
                .isEqualTo(204);

        assertThat(call(HttpMethod.GET, "/v1/providers/" + id, platformAdmin(), null)
                        .status())
                .isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/v1/providers/" + id, platformAdmin(), null)
                        .status())
                .isEqualTo(404);
        assertThat(jdbc.sql("SELECT provider_id FROM offering WHERE model_id = ?")
                        .param(model)
                        .query(UUID.class)
                        .list())
                .containsExactly(staying);
        assertThat(outboxCount("catalog.changed")).isEqualTo(announced + 1);
        assertThat(auditActions("provider:" + id)).containsExactly("provider.created", "provider.deleted");
    }

    @Test
    void unknownOrMalformedIdIsANotFoundOrABadRequest() {
        assertThat(call(HttpMethod.GET, "/v1/providers/" + UUID.randomUUID(), platformAdmin(), null)
                        .status())
                .isEqualTo(404);
        assertThat(call(HttpMethod.GET, "/v1/providers/not-a-uuid", platformAdmin(), null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void creationIsAnnouncedAndAuditedWithoutTheKey() {
        String key = "sk-audit-" + UUID.randomUUID();
        long announced = outboxCount("catalog.changed");

        UUID id = createProvider(unique("audited"), "openrouter", key, true);

        assertThat(outboxCount("catalog.changed")).isEqualTo(announced + 1);
        String audit = jdbc.sql("""
                        SELECT payload::text FROM outbox_event
                        WHERE event_type = 'audit.recorded' AND payload->>'target' = ?""").param("provider:" + id).query(String.class).single();
        var event = JsonPath.parse(audit);
        assertThat(event.<String>read("$.action")).isEqualTo("provider.created");
        assertThat(event.<String>read("$.actor")).isEqualTo("admin@aggregator.test");
        assertThat(event.<Map<String, String>>read("$.details"))
                .containsEntry("type", "openrouter")
                .containsEntry("has_api_key", "true");
        assertThat(audit).doesNotContain(key);
    }

    private String storedKey(UUID id) {
        return jdbc.sql(
                        "SELECT api_key_encrypted FROM provider_key WHERE provider_id = ? ORDER BY created_at, id LIMIT 1")
                .param(id)
                .query(String.class)
                .single();
    }
}
