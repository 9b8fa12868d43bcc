package dev.aggregator.orchestrator.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

class ProviderBaseUrlTests extends OrchestratorApiTestSupport {

    @Autowired
    ProviderKeyCipher cipher;

    @Test
    void aStoredKeyNeverFollowsAChangedBaseUrl() {
        UUID id = createProvider(unique("moving"), "openai", "sk-original", true);
        String before = storedKey(id);

        var moved = call(
                HttpMethod.PATCH,
                "/v1/providers/" + id,
                platformAdmin(),
                Map.of("base_url", "https://elsewhere.test/v1"));

        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.<List<String>>read("$.errors[*].field")).containsExactly("api_key");
        assertThat(storedKey(id)).isEqualTo(before);
        var unchanged = call(HttpMethod.GET, "/v1/providers/" + id, platformAdmin(), null);
        assertThat(unchanged.<String>read("$.base_url")).doesNotContain("elsewhere");

        var movedWithKey = call(
                HttpMethod.PATCH,
                "/v1/providers/" + id,
                platformAdmin(),
                Map.of("base_url", "https://elsewhere.test/v1", "api_key", "sk-for-elsewhere"));
        assertThat(movedWithKey.status()).isEqualTo(200);
        assertThat(movedWithKey.<String>read("$.base_url")).isEqualTo("https://elsewhere.test/v1");
        assertThat(cipher.decrypt(storedKey(id), id)).isEqualTo("sk-for-elsewhere");
    }

    @Test
    void linkLocalAndCloudMetadataHostsAreRefused() {
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data",
                "http://169.254.1.1/v1",
                "http://metadata.google.internal/computeMetadata/v1",
                "http://METADATA.GOOGLE.INTERNAL./v1",
                "http://metadata.goog/v1",
                "http://[fd00:ec2::254]/v1",
                "http://[fe80::1]/v1",
                "http://[::ffff:169.254.169.254]/v1",
                "http://100.100.100.200/v1")) {
            var created = call(
                    HttpMethod.POST,
                    "/v1/providers",
                    platformAdmin(),
                    Map.of("name", unique("meta"), "type", "openai", "base_url", url, "api_key", "sk-x"));
            assertThat(created.status()).as(url).isEqualTo(400);
            assertThat(created.<List<String>>read("$.errors[*].field")).as(url).containsExactly("base_url");
        }

        UUID id = createProvider(unique("patched"), "openai", "sk-original", true);
        var patched = call(
                HttpMethod.PATCH,
                "/v1/providers/" + id,
                platformAdmin(),
                Map.of("base_url", "http://169.254.169.254/v1", "api_key", "sk-x"));
        assertThat(patched.status()).isEqualTo(400);
    }

    @Test
    void loopbackIsAllowedHereBecauseTheTestConfigurationSaysSo() {
        var created = call(
                HttpMethod.POST,
                "/v1/providers",
                platformAdmin(),
                Map.of("name", unique("local"), "type", "openai_compatible", "base_url", "http://127.0.0.1:3010/v1"));
        assertThat(created.status()).isEqualTo(201);
    }

    @Test
    void withoutThatSettingLoopbackAndPrivateNetworksAreRefused() {
        var policy = new BaseUrlPolicy(new BaseUrlPolicy.Settings(false));
        assertThat(policy.problem("http://127.0.0.1:3010/v1")).isPresent();
        assertThat(policy.problem("http://localhost:3010/v1")).isPresent();
        assertThat(policy.problem("http://10.1.2.3/v1")).isPresent();
        assertThat(policy.problem("http://192.168.1.10/v1")).isPresent();
        assertThat(policy.problem("http://[::1]/v1")).isPresent();
        assertThat(policy.problem("http://0.0.0.0/v1")).isPresent();
        assertThat(policy.problem("https://api.openai.com/v1")).isEmpty();
        assertThat(new BaseUrlPolicy(new BaseUrlPolicy.Settings(true)).problem("http://10.1.2.3/v1"))
                .isEmpty();
    }

    private String storedKey(UUID id) {
        return jdbc.sql(
                        "SELECT api_key_encrypted FROM provider_key WHERE provider_id = ? ORDER BY created_at, id LIMIT 1")
                .param(id)
                .query(String.class)
                .single();
    }
}
