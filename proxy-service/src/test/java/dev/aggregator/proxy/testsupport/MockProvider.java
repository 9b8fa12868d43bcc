package dev.aggregator.proxy.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real mock-provider, started once per test JVM as a separate process from its built jar, and
 * stopped when the JVM exits. It requires {@link #API_KEY}, so a passing call proves the proxy
 * sent the provider's key.
 */
public final class MockProvider {

    public static final String API_KEY = "sk-mock-provider-test-key";

    private static final Path JAR = Path.of("../mock-provider/target/mock-provider.jar");
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static MockProvider shared;

    private final ServiceProcess process;

    private MockProvider(ServiceProcess process) {
        this.process = process;
    }

    public static synchronized MockProvider shared() {
        if (shared == null) shared = start();
        return shared;
    }

    /** What a provider's {@code base_url} is for the OpenAI-wire adapter: paths go after it. */
    public String openAiBaseUrl() {
        return process.baseUrl() + "/v1";
    }

    private static MockProvider start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; build it first with "
                    + "`./mvnw -o -q -pl mock-provider package -DskipTests`");
        }
        int port = ServiceProcess.freePort();
        return new MockProvider(ServiceProcess.start(
                "mock-provider",
                JAR,
                port,
                STARTUP,
                List.of("--server.port=" + port, "--mock.require-api-key=" + API_KEY),
                environment -> {}));
    }
}
