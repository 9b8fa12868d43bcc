package dev.aggregator.common.tracing;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Without an OTLP endpoint ({@link TracingSwitch}) no tracing auto-configuration is imported: no
 * tracer, no tracing observation handler, no OpenTelemetry SDK. The hot path then costs exactly
 * what it cost before tracing was on the class path (a no-op tracer would still run its handlers on
 * every observation).
 */
public class TracingImportFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final List<String> TRACING_PACKAGES = List.of(
            "org.springframework.boot.micrometer.tracing.", "org.springframework.boot.opentelemetry.autoconfigure.");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean tracing = environment != null && TracingSwitch.enabled(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String name = autoConfigurationClasses[i];
            matches[i] = tracing || name == null || TRACING_PACKAGES.stream().noneMatch(name::startsWith);
        }
        return matches;
    }
}
