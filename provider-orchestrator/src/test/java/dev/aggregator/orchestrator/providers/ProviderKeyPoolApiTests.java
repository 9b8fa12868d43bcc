package dev.aggregator.orchestrator.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;

/** A provider's pool of keys: added, listed by their last four characters, deleted, replaced by a new URL. */
class ProviderKeyPoolApiTests extends OrchestratorApiTestSupport {

    @Autowired
    ProviderKeyCipher cipher;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void theCreationKeyIsThePoolsFirstKeyAndMoreCanBeAddedWithWeights() {
        UUID id = createProvider(unique("pooled"), "openai", "sk-first-key-1111", true);

        var added = call(
                HttpMethod.POST,
                "/v1/providers/" + id + "/keys",
                platformAdmin(),
                Map.of("api_key", "sk-second-key-2222", "weight", 3));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("sk-second-key");
        assertThat(added.<Integer>read("$.weight")).isEqualTo(3);
        assertThat(added.<String>read("$.last4")).isEqualTo("2222");

        var listed = call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.<List<String>>read("$.data[*].last4")).containsExactly("1111", "2222");
        assertThat(listed.<List<Integer>>read("$.data[*].weight")).containsExactly(1, 3);
        assertThat(listed.<List<String>>read("$.data[*].status")).containsOnly("active");
        assertThat(listed.body()).doesNotContain("sk-first").doesNotContain("sk-second");
        // stored encrypted, bound to the provider
        var stored = jdbc.sql("SELECT api_key_encrypted FROM provider_key WHERE provider_id = ? ORDER BY created_at")
                .param(id)
                .query(String.class)
                .list();
        assertThat(stored).hasSize(2).noneMatch(value -> value.contains("sk-"));
        assertThat(cipher.decrypt(stored.get(1), id)).isEqualTo("sk-second-key-2222");
    }

    @Test
    void aKeyTheProxiesRestIsListedAsResting() {
        UUID id = createProvider(unique("resting"), "openai", "sk-rest-key-cccc", true);
        String keyId = call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null)
                .read("$.data[0].id");
        // what a proxy writes when the provider answers the key 429
        redis.opsForValue().set("aggregator:keyrest:" + keyId, "1", java.time.Duration.ofSeconds(30));

        assertThat(call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null)
                        .<List<String>>read("$.data[*].status"))
                .containsExactly("resting");
        redis.delete("aggregator:keyrest:" + keyId);
        assertThat(call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null)
                        .<List<String>>read("$.data[*].status"))
                .containsExactly("active");
    }

    @Test
    void aKeyCanBeDeletedButNotThePoolsLastForATypeThatNeedsOne() {
        UUID id = createProvider(unique("deleting"), "openai", "sk-only-key-aaaa", true);
        String first = call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null)
                .read("$.data[0].id");

        var last = call(HttpMethod.DELETE, "/v1/providers/" + id + "/keys/" + first, platformAdmin(), null);
        assertThat(last.status()).as(last.body()).isEqualTo(409);

        String second = call(
                        HttpMethod.POST,
                        "/v1/providers/" + id + "/keys",
                        platformAdmin(),
                        Map.of("api_key", "sk-other-key-bbbb"))
                .read("$.id");
        assertThat(call(HttpMethod.DELETE, "/v1/providers/" + id + "/keys/" + first, platformAdmin(), null)
                        .status())
                .isEqualTo(204);
        assertThat(call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null)
                        .<List<String>>read("$.data[*].id"))
                .containsExactly(second);
        assertThat(call(HttpMethod.DELETE, "/v1/providers/" + id + "/keys/" + UUID.randomUUID(), platformAdmin(), null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aNewBaseUrlWithAKeyReplacesTheWholePool() {
        UUID id = createProvider(unique("moving"), "openai", "sk-old-one-1111", true);
        call(HttpMethod.POST, "/v1/providers/" + id + "/keys", platformAdmin(), Map.of("api_key", "sk-old-two-2222"));

        var moved = call(
                HttpMethod.PATCH,
                "/v1/providers/" + id,
                platformAdmin(),
                Map.of("base_url", "https://elsewhere.example.test/v1", "api_key", "sk-new-one-3333"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/v1/providers/" + id + "/keys", platformAdmin(), null)
                        .<List<String>>read("$.data[*].last4"))
                .containsExactly("3333");
    }

    @Test
    void onlyThePlatformAdminManagesKeysAndBadInputIsA400() {
        UUID id = createProvider(unique("guarded"));
        var member = member(UUID.randomUUID(), "OWNER");
        assertThat(call(HttpMethod.GET, "/v1/providers/" + id + "/keys", member, null)
                        .status())
                .isEqualTo(403);
        assertThat(call(HttpMethod.POST, "/v1/providers/" + id + "/keys", member, Map.of("api_key", "sk-x"))
                        .status())
                .isEqualTo(403);
        var badWeight = call(
                HttpMethod.POST,
                "/v1/providers/" + id + "/keys",
                platformAdmin(),
                Map.of("api_key", "sk-x", "weight", 0));
        assertThat(badWeight.status()).isEqualTo(400);
        assertThat(badWeight.<List<String>>read("$.errors[*].field")).containsExactly("weight");
        assertThat(call(HttpMethod.POST, "/v1/providers/" + id + "/keys", platformAdmin(), Map.of("weight", 2))
                        .status())
                .isEqualTo(400);
        assertThat(call(HttpMethod.GET, "/v1/providers/" + UUID.randomUUID() + "/keys", platformAdmin(), null)
                        .status())
                .isEqualTo(404);
    }
}
