package dev.aggregator.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform as separate JVM processes on real ports, started from the jars the build just
 * produced, against the real PostgreSQL, RabbitMQ and Redis. Everything it creates is namespaced
 * ({@code *_e2e} schemas, its own exchange and Redis prefix), so a platform started with
 * {@code ./aggregator up} on the same machine is not disturbed.
 *
 * <p>It runs a second proxy and a second gateway in front of it ({@link #secondGatewayUrl()}), as
 * a scaled-out deployment does: they share the first ones' schema, Redis prefix and exchange, so
 * tests can show that admission, rate limits and revocations hold across instances.
 */
final class Platform implements AutoCloseable {

    static final String ADMIN_EMAIL = "admin-e2e@aggregator.local";
    static final String ADMIN_PASSWORD = "e2e-admin-password-123";
    /** Billing talks to a fake Stripe API that a test starts on {@link #fakeStripeUrl()}. */
    static final String STRIPE_SECRET_KEY = "sk_test_e2e_fake_key";

    static final String STRIPE_WEBHOOK_SECRET = "whsec_e2e_fake_secret";
    private static final int FAKE_STRIPE_OFFSET = 30;
    private static final int OTLP_OFFSET = 40;

    /**
     * @param name unique per process; the module's name for its first instance
     * @param proxyOffset for a gateway: the port offset of the proxy it forwards to
     */
    private record Service(String name, String module, String schema, int portOffset, Integer proxyOffset) {}

    static final String SECOND_PROXY = "proxy-service-2";

    private static final List<Service> SERVICES = List.of(
            new Service("mock-provider", "mock-provider", null, 10, null),
            new Service("auth-service", "auth-service", "auth", 1, null),
            new Service("provider-orchestrator", "provider-orchestrator", "orchestrator", 2, null),
            new Service("proxy-service", "proxy-service", "proxy", 3, null),
            new Service(SECOND_PROXY, "proxy-service", "proxy", 13, null),
            new Service("billing-service", "billing-service", "billing", 4, null),
            new Service("analytics-service", "analytics-service", "analytics", 5, null),
            new Service("console", "console", null, 6, null),
            new Service("api-gateway", "api-gateway", null, 0, 3),
            new Service("api-gateway-2", "api-gateway", null, 20, 13));

    private final Path root;
    private final int portBase;
    private final Path logs;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    /** Redis keys of this run never meet a running platform's; both gateways share them. */
    private final String redisKeyPrefix = "e2e-gw-" + UUID.randomUUID();
    /** The mail server auth-service sends invitations and password resets to, in this JVM. */
    private GreenMail mail;
    /** Every service exports its spans here (OTEL_EXPORTER_OTLP_ENDPOINT): tracing is on. */
    private OtlpReceiver traces;

    private Duration startupTime;

    private Platform(Path root, int portBase) {
        this.root = root;
        this.portBase = portBase;
        this.logs = root.resolve("e2e-tests/target/platform-logs");
    }

    static Platform start() {
        var root = Path.of(System.getProperty("e2e.repository-root", ".."))
                .toAbsolutePath()
                .normalize();
        var platform = new Platform(root, Integer.getInteger("e2e.port-base", 13000));
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
        try {
            platform.launch();
        } catch (Exception e) {
            platform.close();
            throw new IllegalStateException("The platform did not start; see " + platform.logs, e);
        }
        return platform;
    }

    String gatewayUrl() {
        return url(0);
    }

    /** A second gateway, in front of the second proxy. */
    String secondGatewayUrl() {
        return url(20);
    }

    /** The repository's root, where the browser tests write docs/console's screenshots. */
    Path root() {
        return root;
    }

    String mockProviderUrl() {
        return url(10);
    }

    GreenMail mail() {
        return mail;
    }

    /** The spans the platform's services exported over OTLP. */
    OtlpReceiver traces() {
        return traces;
    }

    /** A service's own port (actuator included), by its offset: 3 for the first proxy. */
    String serviceUrl(int portOffset) {
        return url(portOffset);
    }

    /** Where billing expects Stripe's API; nothing listens there until a test starts a fake. */
    String fakeStripeUrl() {
        return url(FAKE_STRIPE_OFFSET);
    }

    /** Kills a process the way a crash does ({@code kill -9}): no shutdown hook, no graceful close. */
    void kill(String name) throws InterruptedException {
        var process = processes.get(name);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    Duration startupTime() {
        return startupTime;
    }

    private String url(int offset) {
        return "http://127.0.0.1:" + (portBase + offset);
    }

    private void launch() throws Exception {
        Files.createDirectories(logs);
        for (var service : SERVICES) requireFreePort(portBase + service.portOffset());
        requireFreePort(portBase + FAKE_STRIPE_OFFSET);
        requireFreePort(portBase + OTLP_OFFSET);
        dropSchemas();
        traces = new OtlpReceiver(portBase + OTLP_OFFSET);
        mail = new GreenMail(new ServerSetup(portBase + 25, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        environment.putAll(sharedEnvironment());
        var started = Instant.now();
        for (var service : SERVICES) processes.put(service.name(), spawn(service));
        for (var service : SERVICES) awaitHealthy(service);
        startupTime = Duration.between(started, Instant.now());
        System.out.printf("Platform up in %d ms (%d processes)%n", startupTime.toMillis(), processes.size());
    }

    private Map<String, String> sharedEnvironment() {
        var random = new SecureRandom();
        byte[] secret = new byte[48];
        byte[] encryptionKey = new byte[32];
        random.nextBytes(secret);
        random.nextBytes(encryptionKey);
        var env = new HashMap<String, String>();
        env.put("INTERNAL_AUTH_SECRET", Base64.getEncoder().encodeToString(secret));
        env.put("PROVIDER_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(encryptionKey));
        env.put("PLATFORM_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("PLATFORM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("EVENTS_EXCHANGE", "e2e.events");
        // mock-provider listens on 127.0.0.1, which the orchestrator refuses by default.
        env.put("PROVIDERS_ALLOW_PRIVATE_BASE_URLS", "true");
        // The suite plays a load balancer on 127.0.0.1: Fixtures sends each registration from an
        // address of its own (X-Forwarded-For), so the per-address limits meet only the tests that
        // are about them.
        env.put("GATEWAY_TRUSTED_PROXIES", "127.0.0.1/32");
        env.put("AUTH_URL", url(1));
        env.put("ORCHESTRATOR_URL", url(2));
        env.put("PROXY_URL", url(3));
        env.put("BILLING_URL", url(4));
        env.put("ANALYTICS_URL", url(5));
        // The web console behind the gateway, calling the API through the first gateway.
        env.put("CONSOLE_URL", url(6));
        env.put("GATEWAY_URL", url(0));
        // The platform's public address is its gateway (OpenAPI servers, mail links, Checkout returns),
        // where the console serves the pages they lead to.
        env.put("PUBLIC_URL", url(0));
        // Billing renews subscriptions every few seconds, so a suite can watch a renewal happen.
        env.put("AGGREGATOR_BILLING_SUBSCRIPTION_RENEWAL_INTERVAL", "2s");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(portBase + 25));
        env.put("STRIPE_API_BASE", fakeStripeUrl());
        env.put("STRIPE_SECRET_KEY", STRIPE_SECRET_KEY);
        env.put("STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint());
        return env;
    }

    private Process spawn(Service service) throws IOException {
        var jar = root.resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("Missing " + jar + ": run ./mvnw verify");
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                // Redis keys of this run never meet a running platform's.
                "-Daggregator.gateway.redis-key-prefix=" + redisKeyPrefix,
                // Short enough for tests to watch a stream checkpoint and a dead proxy's leases
                // come back; the defaults are seconds longer.
                "-Daggregator.proxy.usage-checkpoint-interval=1s",
                // A provider marked down is probed again after 3 s instead of 15 s, so that a suite
                // can watch one come back.
                "-Daggregator.proxy.health.cool-down=3s",
                "-jar",
                jar.toString()));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(service.name() + ".log").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(portBase + service.portOffset()));
        if (service.proxyOffset() != null) {
            builder.environment().put("PROXY_URL", url(service.proxyOffset()));
            builder.environment().put("MANAGEMENT_PORT", String.valueOf(portBase + 100 + service.portOffset()));
        }
        if (service.schema() != null) builder.environment().put("DB_SCHEMA", service.schema() + "_e2e");
        return builder.start();
    }

    private void awaitHealthy(Service service) throws InterruptedException {
        var client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var health = HttpRequest.newBuilder(URI.create(url(service.portOffset()) + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        var deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (Instant.now().isBefore(deadline)) {
            var process = processes.get(service.name());
            if (!process.isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + process.exitValue());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service.name() + " was not healthy within 240 s");
    }

    private static void requireFreePort(int port) {
        try (var socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is taken; set -De2e.port-base to another base");
        }
    }

    /** Every run starts from empty schemas, which also proves the migrations run from scratch. */
    private static void dropSchemas() throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var statement = connection.createStatement()) {
            for (var service : SERVICES) {
                if (service.schema() != null) {
                    statement.execute("DROP SCHEMA IF EXISTS " + service.schema() + "_e2e CASCADE");
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        processes.values().forEach(Process::destroy);
        for (var process : processes.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (mail != null) mail.stop();
        if (traces != null) traces.close();
    }
}
