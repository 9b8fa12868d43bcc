package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders {@code deploy/helm/aggregator} with Helm itself (helm-java: Helm's Go library, shipped
 * through Maven Central, nothing to install) and reads every manifest into the Kubernetes object
 * model (fabric8's classes, generated from the Kubernetes OpenAPI schemas): a field Kubernetes does
 * not know, or a value of the wrong type, fails the test. Every manifest is also validated against
 * the Kubernetes JSON schema of its kind ({@link KubernetesSchemas}). Then checks what a production install
 * relies on: probes, resources, graceful shutdown, disruption budgets, autoscaling, non-root, and
 * secrets only in the Secret.
 */
class HelmChartTests {

    private static final String RELEASE = "aggregator";
    private static final String NAMESPACE = "platform";
    /** The cluster version rendered for (Helm's default, 1.20, is below the chart's kubeVersion). */
    private static final String KUBE_VERSION = "1.31.0";

    private static final List<String> PLATFORM_SERVICES = List.of(
            "api-gateway",
            "auth-service",
            "provider-orchestrator",
            "proxy-service",
            "billing-service",
            "analytics-service",
            "console");
    private static final Set<String> AUTOSCALED = Set.of("api-gateway", "proxy-service");

    /** Each kind the chart may render, the apiVersion Kubernetes serves it under and its model. */
    private static final Map<String, Kind> KINDS = Map.of(
            "Deployment", new Kind("apps/v1", Deployment.class),
            "Service", new Kind("v1", Service.class),
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "Secret", new Kind("v1", Secret.class),
            "ServiceAccount", new Kind("v1", ServiceAccount.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
            "Ingress", new Kind("networking.k8s.io/v1", Ingress.class));

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static Path chart;
    private static Path productionValues;
    private static Manifests production;
    private static Map<String, String> productionSecrets;
    private static KubernetesSchemas kubernetesSchemas;

    private record Kind(String apiVersion, Class<? extends HasMetadata> model) {}

    @BeforeAll
    static void renderTheChartWithProductionValues() throws Exception {
        chart = findChart();
        productionValues =
                Path.of(Objects.requireNonNull(HelmChartTests.class.getResource("/helm/production-values.yaml"))
                        .toURI());
        production = render(template -> template.withValuesFile(productionValues));
        // For a reader: what the chart renders with these values.
        Path rendered = Path.of("target", "helm", "production.yaml");
        Files.createDirectories(rendered.getParent());
        Files.writeString(rendered, production.rendered());
        Map<String, Object> values =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(productionValues));
        productionSecrets = new LinkedHashMap<>();
        map(values.get("secrets")).forEach((key, value) -> productionSecrets.put(key, String.valueOf(value)));
        kubernetesSchemas = KubernetesSchemas.load();
    }

    @Test
    void everyRenderedManifestIsAKubernetesObjectWithOnlyFieldsKubernetesKnows() {
        assertThat(production.objects()).isNotEmpty();
        assertThat(production.objects().stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(KINDS.keySet());
        production.objects().forEach(object -> {
            assertThat(object.getMetadata().getName())
                    .as("name of %s", object.getKind())
                    .matches(DNS_LABEL)
                    .hasSizeLessThanOrEqualTo(63);
            assertThat(object.getMetadata().getLabels())
                    .as(
                            "labels of %s %s",
                            object.getKind(), object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", RELEASE);
        });
        assertThat(production.objects().stream()
                        .map(object ->
                                object.getKind() + "/" + object.getMetadata().getName())
                        .toList())
                .as("kind/name of every object")
                .doesNotHaveDuplicates();
    }

    @Test
    void theStrictReadingRejectsAFieldKubernetesDoesNotKnow() {
        Map<String, Object> deployment = map(production.documents().stream()
                .filter(document -> "Deployment".equals(document.get("kind")))
                .findFirst()
                .orElseThrow());
        Map<String, Object> misspelt = new LinkedHashMap<>(deployment);
        Map<String, Object> spec = new LinkedHashMap<>(map(deployment.get("spec")));
        spec.put("replica", 3);
        misspelt.put("spec", spec);

        assertThatThrownBy(() -> toModel(misspelt))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("spec.replica");
    }

    @Test
    void everyRenderedManifestSatisfiesTheKubernetesJsonSchemaOfItsKind() throws Exception {
        var renders = Map.of(
                "production values", production,
                "an existing Secret", render(template -> template.set("secrets.existingSecret", "platform-secrets")),
                "autoscaling off",
                        render(template -> secretsOnly(template)
                                .set("services.api-gateway.autoscaling.enabled", false)
                                .set("services.proxy-service.autoscaling.enabled", false)));
        renders.forEach((name, manifests) -> manifests
                .documents()
                .forEach(document -> assertThat(kubernetesSchemas.errors(document))
                        .as(
                                "%s %s rendered with %s against the Kubernetes schema",
                                document.get("kind"),
                                map(document.get("metadata")).get("name"),
                                name)
                        .isEmpty()));
    }

    @Test
    void theSchemaCheckRejectsAWrongTypeAnInvalidNameAndAFieldKubernetesDoesNotKnow() {
        Map<String, Object> deployment = map(production.documents().stream()
                .filter(document -> "Deployment".equals(document.get("kind")))
                .findFirst()
                .orElseThrow());
        var yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> document = map(yaml.load(yaml.dump(deployment))); // a deep copy
        Map<String, Object> spec = map(document.get("spec"));
        spec.put("replicas", "two");
        spec.put("replica", 3);
        Map<String, Object> container =
                map(((List<?>) map(map(spec.get("template")).get("spec")).get("containers")).getFirst());
        map(((List<?>) container.get("ports")).getFirst()).put("name", "Not_A_Port_Name");
        map(map(container.get("resources")).get("requests")).put("cpu", "lots");

        assertThat(kubernetesSchemas.errors(document))
                .hasSize(4)
                .anySatisfy(
                        error -> assertThat(error).startsWith("/spec/replicas:").contains("integer expected"))
                .anySatisfy(error -> assertThat(error).startsWith("/spec/template/spec/containers/0/ports/0/name:"))
                .anySatisfy(error ->
                        assertThat(error).startsWith("/spec/template/spec/containers/0/resources/requests/cpu:"))
                .anySatisfy(error -> assertThat(error).startsWith("/spec:").contains("'replica'"));
    }

    @Test
    void everyPlatformServiceHasADeploymentAServiceAndADisruptionBudgetAndTheMockProviderIsOptional() throws Exception {
        List<String> expected = new ArrayList<>(PLATFORM_SERVICES);
        expected.add("mock-provider");
        assertThat(componentsOf(production.all(Deployment.class))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(componentsOf(production.all(Service.class))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(componentsOf(production.all(PodDisruptionBudget.class)))
                .containsExactlyInAnyOrderElementsOf(expected);

        Manifests defaults = render(template -> secretsOnly(template));
        assertThat(componentsOf(defaults.all(Deployment.class))).containsExactlyInAnyOrderElementsOf(PLATFORM_SERVICES);
        assertThat(defaults.all(Ingress.class)).as("Ingress is off by default").isEmpty();
    }

    @Test
    void everyDeploymentHasStartupLivenessAndReadinessProbesOnAPortItDeclares() {
        for (Deployment deployment : production.all(Deployment.class)) {
            Container container = onlyContainer(deployment);
            Set<String> ports =
                    container.getPorts().stream().map(port -> port.getName()).collect(Collectors.toSet());
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("startup", container.getStartupProbe());
            probes.put("liveness", container.getLivenessProbe());
            probes.put("readiness", container.getReadinessProbe());
            probes.forEach((kind, probe) -> {
                String what = kind + " probe of " + deployment.getMetadata().getName();
                assertThat(probe).as(what).isNotNull();
                HTTPGetAction get = probe.getHttpGet();
                assertThat(get).as(what + " is an HTTP GET").isNotNull();
                assertThat(get.getPath()).as(what).startsWith("/");
                assertThat(ports).as(what + " port").contains(get.getPort().getStrVal());
                assertThat(probe.getPeriodSeconds()).as(what).isPositive();
            });
            String component = component(deployment);
            if (component.equals("mock-provider")) {
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
            } else {
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPath())
                        .isEqualTo("/actuator/health/readiness");
            }
            // The gateway's actuator is on its management port (MANAGEMENT_PORT), never the public one.
            if (component.equals("api-gateway")) {
                assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                        .isEqualTo("management");
                assertThat(env(container)).containsEntry("MANAGEMENT_PORT", "3100");
            }
        }
    }

    @Test
    void everyContainerRequestsAndIsLimitedInCpuAndMemoryAndItsJvmFitsTheLimit() {
        for (Deployment deployment : production.all(Deployment.class)) {
            Container container = onlyContainer(deployment);
            String what = deployment.getMetadata().getName();
            Map<String, Quantity> requests = container.getResources().getRequests();
            Map<String, Quantity> limits = container.getResources().getLimits();
            assertThat(requests).as("requests of %s", what).containsKeys("cpu", "memory");
            assertThat(limits).as("limits of %s", what).containsKeys("cpu", "memory");
            assertThat(bytes(requests.get("memory"))).as(what).isLessThanOrEqualTo(bytes(limits.get("memory")));
            assertThat(Quantity.getAmountInBytes(requests.get("cpu")))
                    .as(what)
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("cpu")));

            // Heap + metaspace + code cache (the JVM's caps) must leave room for thread stacks and
            // native memory below the limit, or the kernel kills the pod before the JVM says why.
            String options = env(container).get("JAVA_TOOL_OPTIONS");
            assertThat(options).as("JAVA_TOOL_OPTIONS of %s", what).contains("-XX:+ExitOnOutOfMemoryError");
            long jvmCaps = jvmSize(options, "-Xmx")
                    + jvmSize(options, "-XX:MaxMetaspaceSize=")
                    + jvmSize(options, "-XX:ReservedCodeCacheSize=");
            assertThat(bytes(limits.get("memory")) - jvmCaps)
                    .as("memory limit of %s minus the JVM's caps (%s)", what, options)
                    .isGreaterThanOrEqualTo(64L << 20);
        }
        // The proxy holds every open stream on its heap: 768 MB, as ./aggregator up gives it.
        assertThat(env(onlyContainer(production.deployment("proxy-service"))).get("JAVA_TOOL_OPTIONS"))
                .endsWith("-Xmx768m");
    }

    @Test
    void aStoppingPodIsTakenOutOfRotationThenDrainsItsStreamsBeforeItIsKilled() {
        long drainSeconds =
                seconds(production.configMap().getData().get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));
        assertThat(drainSeconds).as("graceful drain").isGreaterThanOrEqualTo(60);
        for (Deployment deployment : production.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = onlyContainer(deployment);
            List<String> preStop =
                    container.getLifecycle().getPreStop().getExec().getCommand();
            assertThat(preStop)
                    .as("preStop of %s", deployment.getMetadata().getName())
                    .hasSize(2)
                    .first()
                    .isEqualTo("sleep");
            long sleep = Long.parseLong(preStop.get(1));
            assertThat(sleep).isPositive();
            assertThat(pod.getTerminationGracePeriodSeconds())
                    .as(
                            "terminationGracePeriodSeconds of %s",
                            deployment.getMetadata().getName())
                    .isGreaterThan(sleep + drainSeconds);
            assertThat(deployment
                            .getSpec()
                            .getStrategy()
                            .getRollingUpdate()
                            .getMaxUnavailable()
                            .getIntVal())
                    .as("a rollout never takes a ready pod away before its replacement is ready")
                    .isZero();
        }

        assertThatThrownBy(() -> render(template ->
                        template.withValuesFile(productionValues).set("shutdown.terminationGracePeriodSeconds", 30)))
                .hasMessageContaining("terminationGracePeriodSeconds must exceed");
    }

    @Test
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
        for (Deployment deployment : production.all(Deployment.class)) {
            String what = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = onlyContainer(deployment);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(what).isPositive();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                    .as(what)
                    .isFalse();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .as(what)
                    .isTrue();
            assertThat(container.getSecurityContext().getCapabilities().getDrop())
                    .as(what)
                    .containsExactly("ALL");
            assertThat(pod.getAutomountServiceAccountToken()).as(what).isFalse();
            String tmpVolume = container.getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/tmp"))
                    .map(mount -> mount.getName())
                    .findFirst()
                    .orElseGet(() -> fail("no /tmp mount in " + what));
            assertThat(pod.getVolumes()).as("volumes of %s", what).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo(tmpVolume);
                assertThat(volume.getEmptyDir()).isNotNull();
            });
        }
    }

    @Test
    void everyPodIsCoveredByExactlyOneDisruptionBudget() {
        List<PodDisruptionBudget> budgets = production.all(PodDisruptionBudget.class);
        for (Deployment deployment : production.all(Deployment.class)) {
            Map<String, String> podLabels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .as(
                            "selector of %s selects its own pods",
                            deployment.getMetadata().getName())
                    .satisfies(selector -> assertThat(podLabels).containsAllEntriesOf(selector));
            List<PodDisruptionBudget> covering = budgets.stream()
                    .filter(budget -> podLabels
                            .entrySet()
                            .containsAll(budget.getSpec()
                                    .getSelector()
                                    .getMatchLabels()
                                    .entrySet()))
                    .toList();
            assertThat(covering)
                    .as("budgets covering %s", deployment.getMetadata().getName())
                    .hasSize(1);
            var budget = covering.getFirst().getSpec();
            assertThat(budget.getMaxUnavailable() != null || budget.getMinAvailable() != null)
                    .isTrue();
        }
    }

    @Test
    void theGatewayAndTheProxyScaleOnCpuFromAtLeastTwoReplicasAndNothingElseIsAutoscaled() {
        List<HorizontalPodAutoscaler> autoscalers = production.all(HorizontalPodAutoscaler.class);
        Map<String, Deployment> deployments = production.all(Deployment.class).stream()
                .collect(Collectors.toMap(deployment -> deployment.getMetadata().getName(), deployment -> deployment));
        Set<String> targets = autoscalers.stream()
                .map(autoscaler -> component(
                        deployments.get(autoscaler.getSpec().getScaleTargetRef().getName())))
                .collect(Collectors.toSet());
        assertThat(targets).isEqualTo(AUTOSCALED);
        for (HorizontalPodAutoscaler autoscaler : autoscalers) {
            var spec = autoscaler.getSpec();
            assertThat(spec.getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(spec.getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
            assertThat(spec.getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(spec.getMaxReplicas()).isGreaterThan(spec.getMinReplicas());
            assertThat(spec.getMetrics()).anySatisfy(metric -> {
                assertThat(metric.getResource().getName()).isEqualTo("cpu");
                assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            });
            // The HPA owns the replica count: a fixed one in the Deployment would fight it at every upgrade.
            assertThat(deployments
                            .get(spec.getScaleTargetRef().getName())
                            .getSpec()
                            .getReplicas())
                    .isNull();
        }
    }

    @Test
    void noSecretValueAppearsOutsideTheSecretAndEveryServiceGetsTheSecretsItReads() {
        Secret secret = production.all(Secret.class).getFirst();
        production.documents().stream()
                .filter(document -> !"Secret".equals(document.get("kind")))
                .forEach(document -> {
                    String text = document.toString();
                    productionSecrets.forEach((name, value) -> assertThat(text)
                            .as(
                                    "secrets.%s in %s %s",
                                    name,
                                    document.get("kind"),
                                    map(document.get("metadata")).get("name"))
                            .doesNotContain(value));
                });
        assertThat(secret.getStringData().values()).containsExactlyInAnyOrderElementsOf(productionSecrets.values());

        Map<String, List<String>> readBy = Map.of(
                "api-gateway", List.of("INTERNAL_AUTH_SECRET", "RABBITMQ_PASSWORD"),
                "auth-service",
                        List.of(
                                "INTERNAL_AUTH_SECRET",
                                "DB_PASSWORD",
                                "RABBITMQ_PASSWORD",
                                "PLATFORM_ADMIN_PASSWORD",
                                "SMTP_PASSWORD"),
                "provider-orchestrator",
                        List.of(
                                "INTERNAL_AUTH_SECRET",
                                "DB_PASSWORD",
                                "RABBITMQ_PASSWORD",
                                "PROVIDER_KEY_ENCRYPTION_KEY"),
                "proxy-service", List.of("INTERNAL_AUTH_SECRET", "DB_PASSWORD", "RABBITMQ_PASSWORD"),
                "billing-service",
                        List.of(
                                "INTERNAL_AUTH_SECRET",
                                "DB_PASSWORD",
                                "RABBITMQ_PASSWORD",
                                "STRIPE_SECRET_KEY",
                                "STRIPE_WEBHOOK_SECRET"),
                "analytics-service", List.of("INTERNAL_AUTH_SECRET", "DB_PASSWORD", "RABBITMQ_PASSWORD"),
                "console", List.of(),
                "mock-provider", List.of());
        readBy.forEach((component, keys) -> {
            List<EnvVar> fromSecret = onlyContainer(production.deployment(component)).getEnv().stream()
                    .filter(variable -> variable.getValueFrom() != null
                            && variable.getValueFrom().getSecretKeyRef() != null)
                    .toList();
            assertThat(fromSecret.stream().map(EnvVar::getName).toList())
                    .as("secrets of %s", component)
                    .containsExactlyInAnyOrderElementsOf(keys);
            fromSecret.forEach(variable -> {
                var reference = variable.getValueFrom().getSecretKeyRef();
                assertThat(reference.getName()).isEqualTo(secret.getMetadata().getName());
                assertThat(reference.getKey()).isEqualTo(variable.getName());
                assertThat(secret.getStringData())
                        .as("the Secret holds what %s reads", component)
                        .containsKey(reference.getKey());
            });
        });
    }

    @Test
    void theConfigMapPointsEveryServiceAtTheExternalInfrastructureAndAtEachOthersServices() {
        Map<String, String> config = production.configMap().getData();
        assertThat(config)
                .containsEntry("DB_HOST", "postgres.db.svc.cluster.local")
                .containsEntry("RABBITMQ_HOST", "rabbitmq.mq.svc.cluster.local")
                .containsEntry("REDIS_HOST", "redis.cache.svc.cluster.local")
                .containsEntry("AGGREGATOR_ENV", "production")
                .containsEntry("PUBLIC_URL", "https://api.aggregator.test");
        config.keySet().forEach(key -> assertThat(key).matches(ENV_NAME));
        Map<String, Service> services = production.all(Service.class).stream()
                .collect(Collectors.toMap(service -> service.getMetadata().getName(), service -> service));
        Map.of(
                        "AUTH_URL", "auth-service",
                        "ORCHESTRATOR_URL", "provider-orchestrator",
                        "PROXY_URL", "proxy-service",
                        "BILLING_URL", "billing-service",
                        "ANALYTICS_URL", "analytics-service")
                .forEach((variable, component) -> {
                    Matcher url = Pattern.compile("http://([^:]+):(\\d+)").matcher(config.get(variable));
                    assertThat(url.matches()).as(variable).isTrue();
                    Service service = services.get(url.group(1));
                    assertThat(service)
                            .as("%s names a rendered Service", variable)
                            .isNotNull();
                    assertThat(component(service)).isEqualTo(component);
                    assertThat(service.getSpec().getPorts())
                            .anySatisfy(port -> assertThat(port.getPort()).isEqualTo(Integer.parseInt(url.group(2))));
                });
        for (Deployment deployment : production.all(Deployment.class)) {
            Container container = onlyContainer(deployment);
            assertThat(container.getEnvFrom())
                    .anySatisfy(source -> assertThat(source.getConfigMapRef().getName())
                            .isEqualTo(production.configMap().getMetadata().getName()));
            assertThat(container.getImage())
                    .isEqualTo("registry.aggregator.test/aggregator/" + component(deployment) + ":1.2.3");
            container
                    .getEnv()
                    .forEach(variable -> assertThat(variable.getName()).matches(ENV_NAME));
        }
    }

    @Test
    void onlyTheGatewayIsExposed() {
        production
                .all(Service.class)
                .forEach(service -> assertThat(service.getSpec().getType())
                        .as("type of %s", service.getMetadata().getName())
                        .isEqualTo("ClusterIP"));
        List<Ingress> ingresses = production.all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        Set<String> backends = ingresses.getFirst().getSpec().getRules().stream()
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(path -> path.getBackend().getService().getName())
                .collect(Collectors.toSet());
        assertThat(backends)
                .containsExactly(production.service("api-gateway").getMetadata().getName());
    }

    @Test
    void withAnExistingSecretTheChartCreatesNoSecretAndEveryServiceReadsThatOne() throws Exception {
        Manifests manifests = render(template -> template.set("secrets.existingSecret", "platform-secrets"));

        assertThat(manifests.all(Secret.class)).isEmpty();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            onlyContainer(deployment).getEnv().stream()
                    .filter(variable -> variable.getValueFrom() != null)
                    .forEach(variable -> assertThat(
                                    variable.getValueFrom().getSecretKeyRef().getName())
                            .isEqualTo("platform-secrets"));
        }
    }

    @Test
    void withoutTheSecretsTheChartRefusesToRenderAndSaysWhichValueIsMissing() {
        assertThatThrownBy(() -> render(template -> template))
                .hasMessageContaining("secrets.internalAuthSecret is required");
        assertThatThrownBy(() -> render(template -> secretsOnly(template).set("secrets.providerKeyEncryptionKey", "")))
                .hasMessageContaining("secrets.providerKeyEncryptionKey is required");
    }

    @Test
    void withAutoscalingOffTheDeploymentsKeepTheirReplicaCount() throws Exception {
        Manifests manifests = render(template -> secretsOnly(template)
                .set("services.api-gateway.autoscaling.enabled", false)
                .set("services.proxy-service.autoscaling.enabled", false)
                .set("services.proxy-service.replicas", 3));

        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.deployment("proxy-service").getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(manifests.deployment("api-gateway").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void theInstallNotesSayHowToReachTheGatewayWithAndWithoutAnIngress() {
        String withIngress = new Helm(chart)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(productionValues)
                .clientOnly()
                .dryRun()
                .call()
                .getOutput();
        assertThat(withIngress)
                .contains("NOTES:")
                .contains("https://api.aggregator.test/v1")
                .contains("aggregator-proxy-service:3003")
                .doesNotContain("WARNING");

        String withoutIngress = new Helm(chart)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .set("secrets.existingSecret", "platform-secrets")
                .set("config.environment", "local")
                .clientOnly()
                .dryRun()
                .call()
                .getOutput();
        assertThat(withoutIngress)
                .contains("kubectl -n platform port-forward svc/aggregator-api-gateway 3000:3000")
                .contains("WARNING: config.environment is \"local\"");
    }

    // -----------------------------------------------------------------------------------------

    private static TemplateCommand secretsOnly(TemplateCommand template) {
        return template.set("secrets.internalAuthSecret", "s-internal-auth-secret-0123456789abcdef")
                .set("secrets.providerKeyEncryptionKey", "dGVzdC1wcm92aWRlci1rZXktMzItYnl0ZXMtbG9uZyE=")
                .set("secrets.platformAdminPassword", "s-admin-password")
                .set("secrets.dbPassword", "s-db-password");
    }

    private static Manifests render(UnaryOperator<TemplateCommand> values) throws Exception {
        TemplateCommand template = new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        String rendered = values.apply(template).call();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return new Manifests(
                rendered,
                documents,
                documents.stream().map(HelmChartTests::toModel).toList());
    }

    /**
     * One manifest as its Kubernetes model. fabric8's classes keep a field they do not know in
     * {@code additionalProperties} instead of failing; a non-empty one anywhere is a field
     * Kubernetes would reject (or, with a lenient client, silently drop).
     */
    private static HasMetadata toModel(Map<String, Object> document) {
        String kindName = String.valueOf(document.get("kind"));
        Kind kind = KINDS.get(kindName);
        assertThat(kind)
                .as("a kind this chart is expected to render: %s", kindName)
                .isNotNull();
        assertThat(document.get("apiVersion")).as("apiVersion of %s", kindName).isEqualTo(kind.apiVersion());
        HasMetadata object;
        try {
            object = MAPPER.convertValue(document, kind.model());
        } catch (IllegalArgumentException e) {
            return fail(
                    "%s %s does not match the Kubernetes model: %s",
                    kindName, map(document.get("metadata")).get("name"), e.getMessage());
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, kindName, unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError(kindName + " " + object.getMetadata().getName()
                    + " has fields Kubernetes does not know: " + unknown);
        }
        return object;
    }

    private static void collectUnknownFields(
            Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (!getter.getName().equals("getValue") || !(property instanceof Map<?, ?>)) {
                String name = getter.getName().startsWith("is")
                        ? getter.getName().substring(2)
                        : getter.getName().substring(3);
                collectUnknownFields(property, path + "." + decapitalize(name), unknown, seen);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private record Manifests(String rendered, List<Map<String, Object>> documents, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        Deployment deployment(String component) {
            return all(Deployment.class).stream()
                    .filter(deployment -> component(deployment).equals(component))
                    .findFirst()
                    .orElseGet(() -> fail("no Deployment of " + component));
        }

        Service service(String component) {
            return all(Service.class).stream()
                    .filter(service -> component(service).equals(component))
                    .findFirst()
                    .orElseGet(() -> fail("no Service of " + component));
        }

        ConfigMap configMap() {
            List<ConfigMap> configMaps = all(ConfigMap.class);
            assertThat(configMaps).hasSize(1);
            return configMaps.getFirst();
        }
    }

    private static String component(HasMetadata object) {
        return object.getMetadata().getLabels().get("app.kubernetes.io/component");
    }

    private static List<String> componentsOf(List<? extends HasMetadata> objects) {
        return objects.stream().map(HelmChartTests::component).toList();
    }

    private static Container onlyContainer(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers)
                .as("containers of %s", deployment.getMetadata().getName())
                .hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }

    private static long bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValueExact();
    }

    /** A JVM size flag's value in bytes (e.g. -Xmx768m), failing when the flag is absent. */
    private static long jvmSize(String options, String flag) {
        Matcher matcher = Pattern.compile(Pattern.quote(flag) + "(\\d+)([kmg])").matcher(options);
        assertThat(matcher.find()).as("%s in %s", flag, options).isTrue();
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "k" -> value << 10;
            case "m" -> value << 20;
            default -> value << 30;
        };
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return new BigDecimal(duration.substring(0, duration.length() - 1)).longValueExact();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** deploy/helm/aggregator, searched upwards from the module directory. */
    private static Path findChart() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/helm/aggregator");
            if (Files.isRegularFile(candidate.resolve("Chart.yaml"))) {
                return candidate;
            }
        }
        return fail("no deploy/helm/aggregator/Chart.yaml above " + Path.of("").toAbsolutePath());
    }
}
