package dev.aggregator.proxy.testsupport;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import tools.jackson.databind.JsonNode;

/**
 * The real billing-service, started once per test JVM from the jar the build copied into {@code
 * target/it-services} (proxy-service depends on billing-service for that, test scope), as a
 * separate process on a free port with a schema of its own ({@code billing_proxy_it}, dropped
 * first so its migrations run from scratch) and the tests' exchange ({@code it.proxy-service}), so
 * it settles the usage events these tests publish. Stopped when the test run ends.
 */
public final class RealBilling implements BeforeAllCallback {

    public static final String SCHEMA = "billing_proxy_it";

    private static final Path JAR = Path.of("target/it-services/billing-service.jar");
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Identity ADMIN = Identity.member(
            UUID.randomUUID(), UUID.randomUUID(), "root@aggregator.dev", Set.of(Identity.PLATFORM_ADMIN));

    private static ServiceProcess process;
    private static String url;

    @Override
    public void beforeAll(ExtensionContext context) {
        url();
        // Closed by JUnit once the whole run is over, not after each class.
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RealBilling.class.getName(), key -> (AutoCloseable) RealBilling::stop);
    }

    /**
     * Points the proxy's billing client at this billing-service, over the unreachable address of
     * {@link ProxyServiceTest}: {@link ProxyWithRealBillingTest} imports it, so that every test class
     * with that annotation has the same context (a {@code @DynamicPropertySource} method in each
     * class would make a context per class).
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Address {

        @Bean
        DynamicPropertyRegistrar realBillingUrl() {
            return registry -> registry.add("aggregator.proxy.billing-url", RealBilling::url);
        }
    }

    public static synchronized String url() {
        if (process == null) start();
        return url;
    }

    private static void start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; the build copies it from "
                    + "billing-service (`./mvnw -pl billing-service package -DskipTests` first when building "
                    + "proxy-service alone)");
        }
        dropSchema();
        int port = ServiceProcess.freePort();
        process = ServiceProcess.start("billing-service", JAR, port, STARTUP, List.of(), environment -> {
            environment.put("PORT", String.valueOf(port));
            environment.put("DB_SCHEMA", SCHEMA);
            // A schema override meant for this test JVM (AGGREGATOR_DB_SCHEMA) must not move billing into it.
            environment.remove("AGGREGATOR_DB_SCHEMA");
            environment.put("EVENTS_EXCHANGE", "it.proxy-service");
        });
        url = process.baseUrl();
    }

    private static synchronized void stop() {
        if (process == null) return;
        process.stop();
        process = null;
    }

    /** Credits the company as a platform admin would. */
    public static void credit(InternalTokens tokens, UUID companyId, String amount) {
        knownToBilling(companyId);
        var body = """
                {"amount": %s, "operation": "CREDIT", "company_id": "%s", "reason": "proxy admission test"}""".formatted(amount, companyId);
        var response = send(
                tokens,
                HttpRequest.newBuilder(URI.create(url() + "/v1/billing/balance"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) throw new IllegalStateException("credit failed: " + response.body());
    }

    /**
     * Opens the company's account as its registration event would: billing refuses admin credits
     * for companies it never heard of.
     */
    public static void knownToBilling(UUID companyId) {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var statement = connection.prepareStatement(
                        "INSERT INTO " + SCHEMA + ".account (company_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            statement.setObject(1, companyId);
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not open an account for " + companyId, e);
        }
    }

    /** The company's {@code balance}, {@code reserved} and {@code available}, as billing shows them. */
    public static JsonNode balance(InternalTokens tokens, UUID companyId) {
        var response = send(
                tokens,
                HttpRequest.newBuilder(URI.create(url() + "/v1/billing/balance?company_id=" + companyId))
                        .GET());
        if (response.statusCode() != 200) throw new IllegalStateException("balance failed: " + response.body());
        return Json.MAPPER.readTree(response.body());
    }

    public static BigDecimal reserved(InternalTokens tokens, UUID companyId) {
        return balance(tokens, companyId).path("reserved").decimalValue();
    }

    private static HttpResponse<String> send(InternalTokens tokens, HttpRequest.Builder request) {
        try {
            return HTTP.send(
                    request.header(InternalTokens.HEADER, tokens.mint(ADMIN))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void dropSchema() {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not drop " + SCHEMA, e);
        }
    }
}
