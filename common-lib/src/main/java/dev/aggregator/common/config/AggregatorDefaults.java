package dev.aggregator.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform-wide defaults (datasource, broker, JSON, actuator, shutdown) with the lowest
 * precedence, so each service's application.yml only says what is its own.
 *
 * <p>{@code LOG_FORMAT=json} (or {@code ecs}, or {@code logstash}) switches the console to Spring
 * Boot's structured JSON logs, one object per line with the MDC (request id, and trace and span ids
 * once tracing runs) as fields; anything else but {@code text} is refused at start.
 */
public class AggregatorDefaults implements EnvironmentPostProcessor {

    static final String LOG_FORMAT = "LOG_FORMAT";
    private static final String STRUCTURED_CONSOLE = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment
                    .getPropertySources()
                    .addLast(new ResourcePropertySource(
                            "aggregatorDefaults", new ClassPathResource("aggregator-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var structured = structuredFormat(environment.getProperty(LOG_FORMAT, "text"));
        if (structured != null) {
            environment
                    .getPropertySources()
                    .addBefore(
                            "aggregatorDefaults",
                            new MapPropertySource("aggregatorLogFormat", Map.of(STRUCTURED_CONSOLE, structured)));
        }
    }

    /** Boot's structured format for a {@code LOG_FORMAT} value, or null for plain text. */
    static String structuredFormat(String logFormat) {
        return switch (logFormat.trim().toLowerCase(Locale.ROOT)) {
            case "", "text" -> null;
            case "json", "ecs" -> "ecs";
            case "logstash" -> "logstash";
            default ->
                throw new IllegalStateException(
                        LOG_FORMAT + " must be text, json, ecs or logstash, not '" + logFormat + "'");
        };
    }
}
