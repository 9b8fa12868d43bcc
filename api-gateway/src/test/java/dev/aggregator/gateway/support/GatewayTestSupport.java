package dev.aggregator.gateway.support;

import dev.aggregator.common.identity.InternalTokens;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one gateway context every component test shares: the real gateway on a random port, real
 * Redis and RabbitMQ, and {@link StubServices} in place of the services behind it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
public abstract class GatewayTestSupport {

    protected static final StubServices stubs = StubServices.start();
    protected static final TestSigningKey signingKey = new TestSigningKey();

    static {
        stubs.publishJwks(TestSigningKey.jwks(signingKey));
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        stubs.urls().forEach((name, url) -> registry.add("aggregator.gateway.services." + name, () -> url));
        registry.add("aggregator.gateway.console-url", () -> stubs.urls().get("console"));
        // Counters of this context only: per-address limits count 127.0.0.1 in every test run.
        registry.add("aggregator.gateway.redis-key-prefix", () -> "gw-it-" + UUID.randomUUID());
    }

    @LocalServerPort
    private int port;

    @Autowired
    protected InternalTokens internalTokens;

    protected WebTestClient client;

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A key auth-service knows; {@code rpmLimit} null means the platform default applies. */
    protected record TestApiKey(String key, UUID id, UUID companyId, Set<String> scopes) {

        public String bearer() {
            return "Bearer " + key;
        }
    }

    /** A key of the shape auth-service issues: the prefix and 32 random bytes in base64url. */
    protected static String wellFormedKey() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return "sk-agg-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    protected static TestApiKey apiKey(Set<String> scopes, Integer rpmLimit) {
        return apiKey(scopes, rpmLimit, Duration.ZERO);
    }

    protected static TestApiKey apiKey(Set<String> scopes, Integer rpmLimit, Duration verifyDelay) {
        var key = new TestApiKey(wellFormedKey(), UUID.randomUUID(), UUID.randomUUID(), Set.copyOf(scopes));
        String grant =
                "{\"api_key_id\":\"%s\",\"company_id\":\"%s\",\"scopes\":[%s],\"rpm_limit\":%s,\"monthly_spend_limit\":null}"
                        .formatted(
                                key.id(),
                                key.companyId(),
                                scopes.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",")),
                                rpmLimit);
        stubs.acceptApiKey(key.key(), grant, verifyDelay);
        return key;
    }

    protected static TestApiKey apiKeyWithAllScopes() {
        return apiKey(Set.of("chat", "models", "billing:read", "analytics:read"), null);
    }

    protected record TestMember(UUID companyId, UUID userId, String email, List<String> roles, String accessToken) {

        public String bearer() {
            return "Bearer " + accessToken;
        }
    }

    protected static TestMember member(String... roles) {
        var companyId = UUID.randomUUID();
        var userId = UUID.randomUUID();
        var email = "member-" + userId + "@example.com";
        var roleList = List.of(roles);
        return new TestMember(
                companyId, userId, email, roleList, signingKey.accessToken(companyId, userId, email, roleList));
    }

    protected static String newRequestId() {
        return "test-" + UUID.randomUUID();
    }
}
