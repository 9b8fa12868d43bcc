package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes JSON schemas (draft 7) of the kinds the chart renders, from the
 * {@code schema/kube-schema.json} that fabric8's kubernetes-model jars carried up to 6.x (generated
 * from Kubernetes' Go API types; unpacked by the build into {@code target/kubernetes-schemas}).
 * Kubernetes' own OpenAPI document is not published on Maven Central.
 *
 * <p>Read as Kubernetes reads a manifest, three things are changed on load: every object type is
 * closed ({@code additionalProperties: false}, as the API server's strict field validation is),
 * {@code IntOrString} and {@code Quantity} are the scalars they are in YAML rather than the Java
 * objects fabric8 describes, and fabric8's {@code java*} annotations are dropped.
 */
final class KubernetesSchemas {

    private record Definition(String module, String name) {}

    /** Each apiVersion/kind the chart may render and where its schema is. */
    private static final Map<String, Definition> DEFINITIONS = Map.of(
            "apps/v1/Deployment", new Definition("apps", "kubernetes_apps_Deployment"),
            "v1/Service", new Definition("core", "kubernetes_core_Service"),
            "v1/ConfigMap", new Definition("core", "kubernetes_core_ConfigMap"),
            "v1/Secret", new Definition("core", "kubernetes_core_Secret"),
            "v1/ServiceAccount", new Definition("core", "kubernetes_core_ServiceAccount"),
            "policy/v1/PodDisruptionBudget", new Definition("policy", "kubernetes_policy_v1_PodDisruptionBudget"),
            "autoscaling/v2/HorizontalPodAutoscaler",
                    new Definition("autoscaling", "kubernetes_autoscaling_v2_HorizontalPodAutoscaler"),
            "networking.k8s.io/v1/Ingress", new Definition("networking", "kubernetes_networking_v1_Ingress"));

    /** Kubernetes' quantity syntax (resource.Quantity), e.g. 500m, 1Gi, 0.5, 1e3. */
    private static final String QUANTITY =
            "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$";

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Schema> schemas = new HashMap<>();

    private KubernetesSchemas() {}

    static KubernetesSchemas load() throws Exception {
        var directory = Path.of("target", "kubernetes-schemas");
        var registry = SchemaRegistry.withDialect(Dialects.getDraft7());
        var definitionsByModule = new HashMap<String, ObjectNode>();
        var loaded = new KubernetesSchemas();
        for (var entry : DEFINITIONS.entrySet()) {
            var definition = entry.getValue();
            var definitions = definitionsByModule.computeIfAbsent(definition.module(), module -> {
                var file = directory.resolve(module).resolve("schema").resolve("kube-schema.json");
                assertThat(file)
                        .as("the unpacked Kubernetes schemas (mvn generate-test-resources)")
                        .exists();
                try {
                    return asKubernetesReadsIt(
                            (ObjectNode) JSON.readTree(Files.readString(file)).get("definitions"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(definitions.has(definition.name())).as(definition.name()).isTrue();
            var root = NODES.objectNode();
            root.put("$schema", "http://json-schema.org/draft-07/schema#");
            root.set("definitions", definitions);
            root.putArray("allOf").addObject().put("$ref", "#/definitions/" + definition.name());
            loaded.schemas.put(entry.getKey(), registry.getSchema(root));
        }
        return loaded;
    }

    /** The schema errors of one manifest ("location: message"); an unknown apiVersion/kind is one. */
    List<String> errors(Map<String, Object> manifest) {
        var key = manifest.get("apiVersion") + "/" + manifest.get("kind");
        var schema = schemas.get(key);
        if (schema == null) return List.of("no Kubernetes schema for " + key);
        JsonNode json = JSON.valueToTree(manifest);
        return schema.validate(json).stream().map(Error::toString).toList();
    }

    private static ObjectNode asKubernetesReadsIt(ObjectNode definitions) {
        var intOrString =
                NODES.objectNode().set("type", NODES.arrayNode().add("integer").add("string"));
        var quantity = NODES.objectNode();
        quantity.set("type", NODES.arrayNode().add("string").add("number"));
        quantity.put("pattern", QUANTITY);
        // The modules name them differently (kubernetes_resource_Quantity, k8s_io_..._Quantity).
        for (var name : List.copyOf(definitions.propertyNames())) {
            if (name.endsWith("_IntOrString")) definitions.set(name, intOrString.deepCopy());
            if (name.endsWith("_Quantity")) definitions.set(name, quantity.deepCopy());
        }
        definitions.properties().forEach(definition -> close(definition.getValue()));
        return definitions;
    }

    /** Closes every object type that lists its properties and drops fabric8's Java annotations. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("javaType", "javaInterfaces", "existingJavaType", "javaOmitEmpty", "interfaceImpls"));
            if (object.has("properties") && object.path("additionalProperties").isBoolean()) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(child -> close(child.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(KubernetesSchemas::close);
        }
    }
}
