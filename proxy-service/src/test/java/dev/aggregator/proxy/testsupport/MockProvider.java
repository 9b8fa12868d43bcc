package dev.aggregator.proxy.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final Process process;
    private final String baseUrl;

    private MockProvider(Process process, int port) {
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public static synchronized MockProvider shared() {
        if (shared == null) shared = start();
        return shared;
    }

    /** What a provider's {@code base_url} is for the OpenAI-wire adapter: paths go after it. */
    public String openAiBaseUrl() {
        return baseUrl + "/v1";
    }

    private static MockProvider start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; build it first with "
                    + "`./mvnw -o -q -pl mock-provider package -DskipTests`");
        }
        try {
            int port = freePort();
            Path log = Files.createDirectories(Path.of("target")).resolve("mock-provider.log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(
                            java,
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-jar",
                            JAR.toString(),
                            "--server.port=" + port,
                            "--mock.require-api-key=" + API_KEY))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            var provider = new MockProvider(process, port);
            provider.awaitHealthy(log);
            return provider;
        } catch (IOException e) {
            throw new IllegalStateException("could not start mock-provider", e);
        }
    }

    private void awaitHealthy(Path log) throws IOException {
        var client = HttpClient.newHttpClient();
        var health = HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mock-provider exited at startup:\n" + Files.readString(log));
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        process.destroyForcibly();
        throw new IllegalStateException("mock-provider did not become healthy:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
