package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks docker-compose.yml without the {@code docker compose} binary: the file, with its YAML
 * anchors and merge keys resolved, must satisfy the Compose specification's JSON schema (a copy in
 * {@code src/test/resources/compose-spec/}, see the README there for its source), and must start
 * every container only after what it needs is healthy. {@code ${VAR:-default}} interpolation is
 * left as it is: the checks below do not depend on any interpolated value.
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
            "console", 3006,
            "api-gateway", 3000);
    /** Host ports, as written: the gateway's two replicas get one port each from its range. */
    private static final Map<String, String> PUBLISHED_PORTS = Map.of("api-gateway", "${GATEWAY_PORTS-3000-3001}");
    /** Scaled out in the file, so that what runs under compose is what production runs. */
    private static final Map<String, Integer> REPLICAS = Map.of("api-gateway", 2, "proxy-service", 2);

    private static Path repositoryRoot;
    private static Map<String, Object> composeFile;
    private static Schema composeSchema;

    @BeforeAll
    static void readTheComposeFileAndTheSchema() throws IOException {
        repositoryRoot = findRepositoryRoot();
        composeFile = load(Files.readString(repositoryRoot.resolve("docker-compose.yml")));
        assertThat(DockerComposeFileTests.class.getResource("/compose-spec/compose-spec.json"))
                .as("compose-spec/compose-spec.json on the test classpath")
                .isNotNull();
        // Draft 7 (the schema's "$schema", which the library reads as draft 7's own id) and
        // nothing else, so that no other dialect is ever looked up; its "deprecated" is an annotation.
        Dialect draft7 = Dialect.builder(Dialects.getDraft7())
                .keyword(new AnnotationKeyword("deprecated"))
                .build();
        // Loaded from the classpath, so that its relative $id ("compose_spec.json") has a base.
        composeSchema = SchemaRegistry.withDialect(draft7)
                .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
    }

    @Test
    void theFileSatisfiesTheComposeSpecification() {
        assertThat(schemaErrors(composeFile))
                .as("docker-compose.yml against the Compose schema")
                .isEmpty();
    }

    @Test
    void thePodmanOverrideSatisfiesTheComposeSpecification() throws IOException {
        Map<String, Object> override =
                load(Files.readString(repositoryRoot.resolve("deploy/podman/compose.podman.yml")));

        assertThat(schemaErrors(override))
                .as("deploy/podman/compose.podman.yml against the Compose schema")
                .isEmpty();
        assertThat(map(override.get("services")).keySet())
                .as("services the override changes")
                .isSubsetOf(services().keySet());
    }

    @Test
    void theSchemaCheckCatchesAMistypedKeyAndAWrongType() {
        Map<String, Object> broken = load(readComposeFile()
                .replace(
                        "    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready",
                        "    healthchek:\n      test: [\"CMD-SHELL\", \"pg_isready")
                .replace("      - target: 3000\n", "      - target: [3000]\n"));

        assertThat(schemaErrors(broken))
                .anySatisfy(error -> assertThat(error).contains("healthchek"))
                .anySatisfy(error -> assertThat(error).contains("ports"));
    }

    @Test
    void everyContainerOfThePlatformIsDefinedWithAHealthcheck() {
        Map<String, Map<String, Object>> services = services();

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
        Map<String, Map<String, Object>> services = services();

        APPLICATION_PORTS.forEach((name, port) -> assertThat(String.valueOf(
                        map(services.get(name).get("healthcheck")).get("test")))
                .as("healthcheck test of %s", name)
                .contains("localhost:" + port + "/health"));
    }

    @Test
    void backendServicesStartOnlyAfterTheInfrastructureIsHealthy() {
        Map<String, Map<String, Object>> services = services();

        for (String name : BACKEND_SERVICES) {
            assertThat(healthyDependencies(services, name))
                    .as("dependencies of %s that must be healthy first", name)
                    .containsAll(INFRASTRUCTURE);
        }
    }

    @Test
    void gatewayStartsOnlyAfterEveryBackendServiceIsHealthy() {
        Map<String, Map<String, Object>> services = services();

        assertThat(healthyDependencies(services, "api-gateway"))
                .containsAll(BACKEND_SERVICES)
                .contains("rabbitmq", "redis");
    }

    @Test
    void everyDependencyWaitsForAHealthyContainer() {
        Map<String, Map<String, Object>> services = services();

        services.forEach((name, service) -> dependencies(service).forEach((dependency, condition) -> {
            assertThat(services).as("%s depends on an undefined service", name).containsKey(dependency);
            assertThat(condition).as("condition of %s -> %s", name, dependency).isEqualTo("service_healthy");
        }));
    }

    @Test
    void onlyTheGatewayIsPublished() {
        Map<String, Map<String, Object>> services = services();

        services.forEach((name, service) -> {
            List<String> published = publishedPorts(service.get("ports"));
            if (PUBLISHED_PORTS.containsKey(name)) {
                assertThat(published).as("ports published by %s", name).containsExactly(PUBLISHED_PORTS.get(name));
            } else {
                assertThat(published).as("ports published by %s", name).isEmpty();
            }
        });
    }

    @Test
    void theGatewayAndTheProxyRunTwoReplicasAndTheOthersOne() {
        Map<String, Map<String, Object>> services = services();

        services.forEach(
                (name, service) -> assertThat(map(service.get("deploy")).getOrDefault("replicas", 1))
                        .as("replicas of %s", name)
                        .isEqualTo(REPLICAS.getOrDefault(name, 1)));
    }

    @Test
    void everyApplicationIsBuiltFromTheSharedDockerfileWithItsModuleAndPort() {
        Map<String, Map<String, Object>> services = services();

        APPLICATION_PORTS.forEach((name, port) -> {
            Map<String, Object> build = map(services.get(name).get("build"));
            assertThat(repositoryRoot
                            .resolve(String.valueOf(build.get("context")))
                            .normalize())
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
                .contains("ARG RUNTIME_IMAGE=eclipse-temurin:25-jre")
                .contains("ARG JAR_FROM=source")
                .contains("EXPOSE ${PORT}");
    }

    // -----------------------------------------------------------------------------------------

    /** The YAML as Compose sees it before interpolation: anchors and {@code <<} merge keys resolved. */
    private static Map<String, Object> load(String yaml) {
        Map<String, Object> loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return loaded == null ? Map.of() : loaded;
    }

    private static String readComposeFile() {
        try {
            return Files.readString(repositoryRoot.resolve("docker-compose.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each error as "location: message", e.g. {@code $.services.postgres: property 'healthchek' is not allowed}. */
    private static List<String> schemaErrors(Map<String, Object> file) {
        JsonNode json = JsonMapper.shared().valueToTree(file);
        return composeSchema.validate(json).stream().map(Error::toString).toList();
    }

    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new TreeMap<>();
        map(composeFile.get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    /** Dependency to condition; the short (list) syntax means {@code service_started}. */
    private static Map<String, String> dependencies(Map<String, Object> service) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof List<?> names) {
            names.forEach(name -> dependencies.put(String.valueOf(name), "service_started"));
        } else {
            map(dependsOn)
                    .forEach((name, settings) -> dependencies.put(
                            name, String.valueOf(map(settings).getOrDefault("condition", "service_started"))));
        }
        return dependencies;
    }

    private static List<String> healthyDependencies(Map<String, Map<String, Object>> services, String name) {
        return dependencies(services.get(name)).entrySet().stream()
                .filter(dependency -> "service_healthy".equals(dependency.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Host ports, from the long syntax ({@code published}) or a short "[ip:]host:container"; a
     * short entry without a host port publishes a random one, reported as "random".
     */
    private static List<String> publishedPorts(Object ports) {
        if (!(ports instanceof List<?> list)) {
            return List.of();
        }
        List<String> published = new ArrayList<>();
        for (Object port : list) {
            if (port instanceof Map<?, ?> longSyntax) {
                Object host = longSyntax.get("published");
                published.add(host == null ? "random" : String.valueOf(host));
            } else {
                String[] parts = String.valueOf(port).split("/")[0].split(":");
                published.add(parts.length >= 2 ? parts[parts.length - 2] : "random");
            }
        }
        return published;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
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
}
