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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring shipped in {@code deploy/observability/}: the Compose file that adds Prometheus,
 * Grafana and Jaeger satisfies the Compose schema; Prometheus scrapes every service and loads the
 * alert rules; every alert and dashboard query names only metrics the platform exports (the ones
 * {@code TracingAndMetricsIT} sees move), so a renamed meter cannot silently blind an alert.
 */
class ObservabilityConfigTests {

    /** Every platform metric a rule or panel may use, as Prometheus names it. */
    private static final Set<String> EXPORTED = Set.of(
            "aggregator_proxy_requests_total",
            "aggregator_proxy_tokens_total",
            "aggregator_proxy_cost_total",
            "aggregator_upstream_latency_seconds_bucket",
            "aggregator_upstream_latency_seconds_count",
            "aggregator_upstream_ttft_seconds_bucket",
            "aggregator_admission_refusals_total",
            "aggregator_routing_fallbacks_total",
            "aggregator_provider_down",
            "aggregator_provider_health_changes_total",
            "aggregator_outbox_lag_seconds",
            "aggregator_outbox_pending",
            "aggregator_events_dead_letters",
            "aggregator_ledger_reconciliation_mismatches",
            "aggregator_ledger_reconciliation_last_run_seconds",
            "aggregator_ledger_reconciliation_failures",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_bucket",
            "up");

    private static final Pattern METRIC = Pattern.compile("\\b(aggregator_[a-z_]+|http_server_requests_[a-z_]+|up)\\b");
    private static final Set<String> SERVICES = Set.of(
            "api-gateway",
            "auth-service",
            "provider-orchestrator",
            "proxy-service",
            "billing-service",
            "analytics-service");

    private final Path dir = repositoryRoot().resolve("deploy/observability");

    @Test
    void theComposeFileSatisfiesTheComposeSpecificationAndTurnsTracingOnForEveryService() throws IOException {
        Map<String, Object> compose = yaml("docker-compose.observability.yml");
        JsonNode json = JsonMapper.shared().valueToTree(compose);
        List<String> errors =
                composeSchema().validate(json).stream().map(Error::toString).toList();
        assertThat(errors)
                .as("docker-compose.observability.yml against the Compose schema")
                .isEmpty();
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("prometheus", "grafana", "jaeger");
        for (String service : SERVICES) {
            assertThat(map(map(services.get(service)).get("environment")))
                    .as("environment of %s", service)
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318");
        }
        for (var mount : List.of("prometheus.yml", "alerts.yml", "grafana/provisioning", "grafana/dashboards")) {
            assertThat(dir.resolve(mount)).as("mounted %s", mount).exists();
        }
    }

    @Test
    void prometheusScrapesEveryServiceAndLoadsTheAlertRules() throws IOException {
        Map<String, Object> prometheus = yaml("prometheus.yml");
        Set<String> jobs = new TreeSet<>();
        for (Object config : (List<?>) prometheus.get("scrape_configs")) {
            var scrape = map(config);
            assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
            jobs.add(String.valueOf(scrape.get("job_name")));
        }
        assertThat(jobs).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(String.valueOf(prometheus.get("rule_files"))).contains("alerts.yml");
    }

    @Test
    void everyAlertIsCompleteAndNamesOnlyExportedMetrics() throws IOException {
        List<String> alerts = new ArrayList<>();
        for (Object group : (List<?>) yaml("alerts.yml").get("groups")) {
            for (Object item : (List<?>) map(group).get("rules")) {
                var rule = map(item);
                String name = String.valueOf(rule.get("alert"));
                alerts.add(name);
                assertThat(map(rule.get("labels")).get("severity"))
                        .as("severity of %s", name)
                        .isIn("critical", "warning");
                assertThat(map(rule.get("annotations")))
                        .as("annotations of %s", name)
                        .containsKey("summary");
                assertThat(metrics(String.valueOf(rule.get("expr"))))
                        .as("metrics of %s", name)
                        .isNotEmpty()
                        .isSubsetOf(EXPORTED);
            }
        }
        assertThat(alerts)
                .contains(
                        "OutboxLagging",
                        "DeadLetteredEvents",
                        "LedgerReconciliationMismatch",
                        "AdmissionRefusalSpike",
                        "ProviderDown",
                        "ProxyErrorRateHigh",
                        "UpstreamLatencyP99High");
    }

    @Test
    void everyDashboardPanelQueriesOnlyExportedMetrics() throws IOException {
        JsonNode dashboard =
                JsonMapper.shared().readTree(Files.readString(dir.resolve("grafana/dashboards/aggregator.json")));
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asString();
                assertThat(metrics(expr))
                        .as("metrics of panel %s", panel.get("title").asString())
                        .isNotEmpty()
                        .isSubsetOf(EXPORTED);
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(10);
        assertThat(yaml("grafana/provisioning/datasources/prometheus.yml").toString())
                .contains("http://prometheus:9090");
    }

    private static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        var matcher = METRIC.matcher(expr.replaceAll("\\{[^}]*}", "{}").replaceAll("\"[^\"]*\"", "\"\""));
        while (matcher.find()) names.add(matcher.group(1));
        return names;
    }

    private Map<String, Object> yaml(String file) throws IOException {
        Map<String, Object> loaded =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(dir.resolve(file)));
        return loaded == null ? Map.of() : loaded;
    }

    private static Schema composeSchema() {
        Dialect draft7 = Dialect.builder(Dialects.getDraft7())
                .keyword(new AnnotationKeyword("deprecated"))
                .build();
        return SchemaRegistry.withDialect(draft7)
                .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/observability")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        return fail("no deploy/observability next to mvnw above " + Path.of("").toAbsolutePath());
    }
}
