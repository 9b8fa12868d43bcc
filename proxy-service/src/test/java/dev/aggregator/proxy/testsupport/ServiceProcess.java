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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Another service of this repository run from its built jar, as a process of its own on a free
 * port, for the tests that call it over HTTP: small heap, output in {@code target/<name>.log},
 * healthy ({@code /health} answers 200) before it is handed over, stopped when the JVM exits.
 */
final class ServiceProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final String baseUrl;

    private ServiceProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /**
     * Starts {@code jar} with {@code arguments} on {@code port} (which the arguments or the
     * environment must pass on, as the service expects it) and waits until it is healthy.
     */
    static ServiceProcess start(
            String name,
            Path jar,
            int port,
            Duration startup,
            List<String> arguments,
            Consumer<Map<String, String>> environment) {
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve(name + ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var command = new ArrayList<>(
                    List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
            command.addAll(arguments);
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            environment.accept(builder.environment());
            var service = new ServiceProcess(name, builder.start(), port);
            Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
            service.awaitHealthy(log, startup);
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealthy(Path log, Duration startup) throws IOException {
        var health = HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + startup.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited at startup:\n" + Files.readString(log));
                }
                if (answers(health)) return;
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not become healthy:\n" + Files.readString(log));
    }

    private static boolean answers(HttpRequest health) throws InterruptedException {
        try {
            return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }
}
