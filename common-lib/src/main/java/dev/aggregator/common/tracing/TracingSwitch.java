package dev.aggregator.common.tracing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Tracing is on exactly when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the OpenTelemetry standard
 * variable, or the property {@code otel.exporter.otlp.endpoint}) names a collector. Then this adds,
 * with the lowest precedence, what Boot needs to export every span over OTLP/HTTP to {@code
 * <endpoint>/v1/traces}; without it {@link TracingImportFilter} leaves every tracing
 * auto-configuration out, so a request pays for no span at all.
 */
public class TracingSwitch implements EnvironmentPostProcessor {

    static final String ENDPOINT = "otel.exporter.otlp.endpoint";

    public static boolean enabled(Environment environment) {
        return StringUtils.hasText(environment.getProperty(ENDPOINT));
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!enabled(environment)) {
            // Boot's log correlation would pad every log line for a trace id that never comes.
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "aggregatorTracing", Map.of("management.tracing.export.enabled", "false")));
            return;
        }
        String endpoint = environment.getProperty(ENDPOINT).trim();
        while (endpoint.endsWith("/")) endpoint = endpoint.substring(0, endpoint.length() - 1);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("aggregator.tracing.enabled", "true");
        defaults.put("management.opentelemetry.tracing.export.otlp.endpoint", endpoint + "/v1/traces");
        defaults.put("management.tracing.sampling.probability", "${TRACING_SAMPLING_PROBABILITY:1.0}");
        defaults.put("management.opentelemetry.tracing.export.schedule-delay", "${TRACING_EXPORT_SCHEDULE_DELAY:1s}");
        environment.getPropertySources().addLast(new MapPropertySource("aggregatorTracing", defaults));
    }
}
