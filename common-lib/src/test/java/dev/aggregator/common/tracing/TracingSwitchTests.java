package dev.aggregator.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** Tracing is configured exactly when an OTLP endpoint is named, and then exports there. */
class TracingSwitchTests {

    private static final String[] CANDIDATES = {
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "dev.aggregator.common.tracing.TracingAutoConfiguration"
    };

    @Test
    void withoutAnEndpointNoTracingAutoConfigurationIsImported() {
        var environment = new MockEnvironment();
        new TracingSwitch().postProcessEnvironment(environment, new SpringApplication());

        assertThat(filter(environment)).containsExactly(false, false, false, false, false, true, true);
        assertThat(environment.getProperty("aggregator.tracing.enabled")).isNull();
        // Boot's log correlation must not pad every line for trace ids that never come.
        assertThat(environment.getProperty("management.tracing.export.enabled")).isEqualTo("false");
    }

    @Test
    void withAnEndpointTracingIsConfiguredToExportThere() {
        var environment = new MockEnvironment().withProperty("otel.exporter.otlp.endpoint", "http://collector:4318/");
        new TracingSwitch().postProcessEnvironment(environment, new SpringApplication());

        assertThat(filter(environment)).containsOnly(true);
        assertThat(environment.getProperty("aggregator.tracing.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("1.0");
    }

    private static boolean[] filter(MockEnvironment environment) {
        var filter = new TracingImportFilter();
        filter.setEnvironment(environment);
        return filter.match(CANDIDATES, null);
    }
}
