package dev.aggregator.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * One Spring context for every HTTP test: the real service on a random port, against the local
 * PostgreSQL (schema {@code orchestrator_it}) and RabbitMQ (exchange {@code it.provider-orchestrator}).
 * Providers and models are platform-wide, so every test makes its own with unique names rather
 * than relying on a clean database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ActiveProfiles("it")
public abstract class OrchestratorApiTestSupport {

    protected static final String IDENTITY = InternalTokens.HEADER;

    @Autowired
    protected RestTestClient http;

    @Autowired
    protected InternalTokens tokens;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected OutboxRelay relay;

    /** The relay deletes the rows it published; paused, so that tests can read the outbox. */
    @BeforeEach
    void pauseTheOutboxRelay() {
        relay.stop();
    }

    @AfterEach
    void resumeTheOutboxRelay() {
        relay.start();
    }

    /** A status, a content type and a JSON body to query with JsonPath. */
    protected record Answer(int status, MediaType contentType, String body) {

        public DocumentContext json() {
            return JsonPath.parse(body);
        }

        public <T> T read(String path) {
            return json().read(path);
        }
    }

    protected Answer call(HttpMethod method, String uri, String token, Object body) {
        var request = http.method(method).uri(uri);
        if (token != null) request.header(IDENTITY, token);
        if (body != null) request.contentType(MediaType.APPLICATION_JSON).body(body);
        var result = request.exchange().returnResult(String.class);
        return new Answer(
                result.getStatus().value(), result.getResponseHeaders().getContentType(), result.getResponseBody());
    }

    // --- identities, as the gateway (or a peer service) would mint them ---

    protected String platformAdmin() {
        return tokens.mint(Identity.member(
                UUID.randomUUID(), UUID.randomUUID(), "admin@aggregator.test", Set.of(Identity.PLATFORM_ADMIN)));
    }

    protected String member(UUID companyId, String role) {
        return tokens.mint(
                Identity.member(companyId, UUID.randomUUID(), role.toLowerCase() + "@company.test", Set.of(role)));
    }

    protected String apiKey(UUID companyId, String... scopes) {
        return tokens.mint(Identity.apiKey(companyId, UUID.randomUUID(), Set.of(scopes)));
    }

    protected String proxyService() {
        return tokens.mint(Identity.service("proxy-service"));
    }

    // --- fixtures, made through the API ---

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected UUID createProvider(String name, String type, String apiKey, boolean enabled) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("type", type);
        body.put("base_url", "https://" + name.toLowerCase() + ".example.test/v1");
        if (apiKey != null) body.put("api_key", apiKey);
        body.put("enabled", enabled);
        var answer = call(HttpMethod.POST, "/v1/providers", platformAdmin(), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.read("$.id"));
    }

    protected UUID createProvider(String name) {
        return createProvider(name, "openai", "sk-test-" + UUID.randomUUID(), true);
    }

    protected static Map<String, Object> offering(UUID providerId, String input, String output) {
        var offering = new LinkedHashMap<String, Object>();
        offering.put("provider_id", providerId.toString());
        offering.put("provider_model", "upstream-" + providerId.toString().substring(0, 8));
        offering.put("input_price_per_million", new BigDecimal(input));
        offering.put("output_price_per_million", new BigDecimal(output));
        return offering;
    }

    protected static Map<String, Object> modelBody(Integer contextLength, List<Map<String, Object>> offerings) {
        var body = new LinkedHashMap<String, Object>();
        if (contextLength != null) body.put("context_length", contextLength);
        body.put("offerings", new ArrayList<>(offerings));
        return body;
    }

    @SafeVarargs
    protected final void putModel(String model, Map<String, Object>... offerings) {
        var answer =
                call(HttpMethod.PUT, "/v1/models/" + model, platformAdmin(), modelBody(128_000, List.of(offerings)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** How many events of this type the outbox holds; tests run one at a time, so a difference is theirs. */
    protected long outboxCount(String eventType) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE event_type = ?")
                .param(eventType)
                .query(Long.class)
                .single();
    }

    /** The audit actions recorded about {@code target}, oldest first. */
    protected List<String> auditActions(String target) {
        return jdbc.sql("""
                        SELECT payload->>'action' FROM outbox_event
                        WHERE event_type = 'audit.recorded' AND payload->>'target' = ? ORDER BY created_at""").param(target).query(String.class).list();
    }
}
