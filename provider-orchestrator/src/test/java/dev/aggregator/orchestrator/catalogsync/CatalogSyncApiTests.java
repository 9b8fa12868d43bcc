package dev.aggregator.orchestrator.catalogsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * {@code POST /v1/providers/{id}/sync-models} against a provider that answers an OpenRouter-like
 * model list over HTTP: models become inactive offerings, invisible and unroutable until approved.
 */
class CatalogSyncApiTests extends OrchestratorApiTestSupport {

    private HttpServer upstream;
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/api/v1/models", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("""
                    {"data": [
                      {"id": "vendor/priced-%1$s", "context_length": 64000,
                       "pricing": {"prompt": "0.00000015", "completion": "0.0000006"}},
                      {"id": "vendor/unpriced-%1$s"},
                      {"id": "not a valid id"}
                    ]}""").formatted(run).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void importedModelsWaitInactiveUntilApproved() {
        UUID id = provider("sk-sync-key");
        String priced = "vendor/priced-" + run;
        String unpriced = "vendor/unpriced-" + run;

        var synced = call(HttpMethod.POST, "/v1/providers/" + id + "/sync-models", platformAdmin(), null);
        assertThat(synced.status()).as(synced.body()).isEqualTo(200);
        assertThat(authorization.get()).isEqualTo("Bearer sk-sync-key");
        assertThat(synced.<List<String>>read("$.data[*].model")).containsExactly(priced, unpriced);
        assertThat(synced.<Double>read("$.data[0].input_cost_per_million")).isEqualTo(0.15);
        assertThat(synced.<Double>read("$.data[0].output_price_per_million")).isEqualTo(0.6);
        assertThat(synced.<Integer>read("$.data[0].context_length")).isEqualTo(64000);
        assertThat(synced.<List<String>>read("$.data[*].status")).containsOnly("pending");

        // not listed, not routable while pending
        var caller = apiKey(UUID.randomUUID(), "models");
        assertThat(call(HttpMethod.GET, "/v1/models/" + priced, caller, null).status())
                .isEqualTo(404);
        assertThat(plan(priced).status()).isEqualTo(404);
        // a second sync imports nothing new
        assertThat(call(HttpMethod.POST, "/v1/providers/" + id + "/sync-models", platformAdmin(), null)
                        .<List<String>>read("$.data"))
                .isEmpty();
        assertThat(call(HttpMethod.GET, "/v1/providers/" + id + "/offerings/pending", platformAdmin(), null)
                        .<List<String>>read("$.data[*].model"))
                .containsExactly(priced, unpriced);

        var unpricedApproval = approve(id, unpriced);
        assertThat(unpricedApproval.status()).isEqualTo(409);
        assertThat(approve(id, "vendor/never-listed").status()).isEqualTo(404);

        var approved = approve(id, priced);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.<List<String>>read("$.data[*].status")).containsExactly("active");
        assertThat(call(HttpMethod.GET, "/v1/models/" + priced, caller, null).status())
                .isEqualTo(200);
        var plan = plan(priced);
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.<Double>read("$.candidates[0].input_cost_per_million")).isEqualTo(0.15);
    }

    @Test
    void anUnreachableProviderIsA502AndOnlyThePlatformAdminMaySync() {
        UUID id = provider("sk-x");
        assertThat(call(
                                HttpMethod.POST,
                                "/v1/providers/" + id + "/sync-models",
                                member(UUID.randomUUID(), "OWNER"),
                                null)
                        .status())
                .isEqualTo(403);
        upstream.stop(0);
        var failed = call(HttpMethod.POST, "/v1/providers/" + id + "/sync-models", platformAdmin(), null);
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.body()).doesNotContain("sk-x");
    }

    private UUID provider(String key) {
        var answer = call(
                HttpMethod.POST,
                "/v1/providers",
                platformAdmin(),
                Map.of(
                        "name",
                        unique("syncing"),
                        "type",
                        "openrouter",
                        "base_url",
                        "http://127.0.0.1:" + upstream.getAddress().getPort() + "/api/v1",
                        "api_key",
                        key));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.read("$.id"));
    }

    private Answer approve(UUID id, String model) {
        return call(
                HttpMethod.POST,
                "/v1/providers/" + id + "/offerings/approve",
                platformAdmin(),
                Map.of("models", List.of(model)));
    }

    private Answer plan(String model) {
        return call(
                HttpMethod.GET,
                "/internal/route-plans?company_id=" + UUID.randomUUID() + "&model=" + model,
                proxyService(),
                null);
    }
}
