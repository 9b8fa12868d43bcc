package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks docker-compose.yml the way Compose itself reads it: {@code docker-compose config} must
 * accept the file, and the resolved configuration must start every container only after what it
 * needs is healthy. Needs the {@code docker-compose} client (no Docker engine); {@code .ci/run}
 * installs it.
 */
class DockerComposeFileTests {

    private static final List<String> INFRASTRUCTURE = List.of("postgres", "rabbitmq", "redis");
    private static final List<String> BACKEND_SERVICES =
            List.of("auth-service", "provider-orchestrator", "proxy-service", "billing-service", "analytics-service");
    private static final Map<String, Integer> APPLICATION_PORTS = Map.of(
            "mock-provider", 3010,
            "auth-service", 3001,
            "provider-orchestrator", 3002,
            "proxy-service", 3003,
            "billing-service", 3004,
            "analytics-service", 3005,
            "api-gateway", 3000);
    private static final Map<String, Integer> PUBLISHED_PORTS = Map.of("api-gateway", 3000, "mock-provider", 3010);
    private static final long COMPOSE_TIMEOUT_SECONDS = 60;

    private static Path repositoryRoot;
    private static List<String> compose;

    @BeforeAll
    static void locateComposeAndTheRepository() {
        repositoryRoot = findRepositoryRoot();
        compose = composeCommand();
    }

    @Test
    void composeAcceptsTheFile() {
        ComposeResult result = runCompose("config", "-q");

        assertThat(result.exitCode())
                .as("docker-compose config -q failed:%n%s", result.stderr())
                .isZero();
    }

    @Test
    void everyContainerOfThePlatformIsDefinedWithAHealthcheck() {
        Map<String, Map<String, Object>> services = resolvedServices();

        List<String> expected = Stream.concat(INFRASTRUCTURE.stream(), APPLICATION_PORTS.keySet().stream())
                .toList();
        assertThat(services).containsOnlyKeys(expected);
        services.forEach((name, service) -> {
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            assertThat(healthcheck).as("healthcheck of %s", name).isNotEmpty();
            assertThat(healthcheck.get("disable"))
                    .as("healthcheck of %s disabled", name)
                    .isNotEqualTo(true);
            assertThat(String.valueOf(healthcheck.get("test")))
                    .as("healthcheck test of %s", name)
                    .isNotBlank()
                    .doesNotContain("NONE");
        });
    }

    @Test
    void applicationHealthchecksProbeTheirOwnHealthEndpoint() {
        Map<String, Map<String, Object>> services = resolvedServices();

        APPLICATION_PORTS.forEach((name, port) -> assertThat(String.valueOf(
                        map(services.get(name).get("healthcheck")).get("test")))
                .as("healthcheck test of %s", name)
                .contains("localhost:" + port + "/health"));
    }

    @Test
    void backendServicesStartOnlyAfterTheInfrastructureIsHealthy() {
        Map<String, Map<String, Object>> services = resolvedServices();

        for (String name : BACKEND_SERVICES) {
            assertThat(healthyDependencies(services, name))
                    .as("dependencies of %s that must be healthy first", name)
                    .containsAll(INFRASTRUCTURE);
        }
    }

    @Test
    void gatewayStartsOnlyAfterEveryBackendServiceIsHealthy() {
        Map<String, Map<String, Object>> services = resolvedServices();

        assertThat(healthyDependencies(services, "api-gateway"))
                .containsAll(BACKEND_SERVICES)
                .contains("rabbitmq", "redis");
    }

    @Test
    void everyDependencyWaitsForAHealthyContainer() {
        Map<String, Map<String, Object>> services = resolvedServices();

        services.forEach((name, service) -> map(service.get("depends_on")).forEach((dependency, settings) -> {
            assertThat(services).as("%s depends on an undefined service", name).containsKey(dependency);
            assertThat(map(settings).get("condition"))
                    .as("condition of %s -> %s", name, dependency)
                    .isEqualTo("service_healthy");
        }));
    }

    @Test
    void onlyTheGatewayAndTheMockProviderArePublished() {
        Map<String, Map<String, Object>> services = resolvedServices();

        services.forEach((name, service) -> {
            List<String> published = publishedPorts(service.get("ports"));
            if (PUBLISHED_PORTS.containsKey(name)) {
                assertThat(published)
                        .as("ports published by %s", name)
                        .containsExactly(String.valueOf(PUBLISHED_PORTS.get(name)));
            } else {
                assertThat(published).as("ports published by %s", name).isEmpty();
            }
        });
    }

    @Test
    void everyApplicationIsBuiltFromTheSharedDockerfileWithItsModuleAndPort() {
        Map<String, Map<String, Object>> services = resolvedServices();

        APPLICATION_PORTS.forEach((name, port) -> {
            Map<String, Object> build = map(services.get(name).get("build"));
            assertThat(Path.of(String.valueOf(build.get("context"))))
                    .as("build context of %s", name)
                    .isEqualTo(repositoryRoot);
            assertThat(build.getOrDefault("dockerfile", "Dockerfile")).isEqualTo("Dockerfile");
            assertThat(map(build.get("args")))
                    .as("build args of %s", name)
                    .containsEntry("MODULE", name)
                    .containsEntry("PORT", String.valueOf(port));
            assertThat(repositoryRoot.resolve(name).resolve("pom.xml")).isRegularFile();
        });
        assertThat(repositoryRoot.resolve("Dockerfile"))
                .isRegularFile()
                .content()
                .contains("-pl \"$MODULE\" -am")
                .contains("EXPOSE ${PORT}");
    }

    // -----------------------------------------------------------------------------------------

    private static Map<String, Map<String, Object>> resolvedServices() {
        ComposeResult result = runCompose("config");
        assertThat(result.exitCode())
                .as("docker-compose config failed:%n%s", result.stderr())
                .isZero();
        Map<String, Object> config = new Yaml(new SafeConstructor(new LoaderOptions())).load(result.stdout());
        Map<String, Map<String, Object>> services = new TreeMap<>();
        map(config.get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    private static List<String> healthyDependencies(Map<String, Map<String, Object>> services, String name) {
        return map(services.get(name).get("depends_on")).entrySet().stream()
                .filter(dependency ->
                        "service_healthy".equals(map(dependency.getValue()).get("condition")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Host ports, from the long syntax Compose prints ({@code published}) or a short "host:container". */
    private static List<String> publishedPorts(Object ports) {
        if (!(ports instanceof List<?> list)) {
            return List.of();
        }
        List<String> published = new ArrayList<>();
        for (Object port : list) {
            if (port instanceof Map<?, ?> longSyntax && longSyntax.get("published") != null) {
                published.add(String.valueOf(longSyntax.get("published")));
            } else if (port instanceof String shortSyntax && shortSyntax.contains(":")) {
                String[] parts = shortSyntax.split(":");
                published.add(parts[parts.length - 2]);
            }
        }
        return published;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private record ComposeResult(int exitCode, String stdout, String stderr) {}

    private static ComposeResult runCompose(String... arguments) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(
                List.of("-f", repositoryRoot.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(arguments));
        try {
            return run(command);
        } catch (IOException e) {
            return fail("could not run " + String.join(" ", command), e);
        }
    }

    private static ComposeResult run(List<String> command) throws IOException {
        Path stdout = Files.createTempFile("compose-out", ".txt");
        Path stderr = Files.createTempFile("compose-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(repositoryRoot.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(COMPOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + COMPOSE_TIMEOUT_SECONDS + " s");
            }
            return new ComposeResult(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** The directory holding docker-compose.yml and mvnw, searched upwards from the module directory. */
    private static Path findRepositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        return fail("no docker-compose.yml next to mvnw above " + Path.of("").toAbsolutePath());
    }

    /** {@code docker-compose}, or the {@code docker compose} plugin when only that is installed. */
    private static List<String> composeCommand() {
        if (onPath("docker-compose")) {
            return List.of("docker-compose");
        }
        if (onPath("docker") && dockerComposePluginWorks()) {
            return List.of("docker", "compose");
        }
        return fail("docker-compose is not on the PATH. Install it (Debian/Ubuntu: 'apt-get install -y docker-compose';"
                + " .ci/run does this) or the Docker Compose plugin, then run the tests again.");
    }

    private static boolean dockerComposePluginWorks() {
        try {
            Process process = new ProcessBuilder("docker", "compose", "version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(COMPOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, executable))
                .anyMatch(Files::isExecutable);
    }
}
