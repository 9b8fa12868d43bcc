package dev.aggregator.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.common.web.RequestIds;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

/** {@code LOG_FORMAT=json}: one JSON object per line, with the request id of the MDC as a field. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTests {

    @Configuration(proxyBeanMethods = false)
    static class NothingButLogging {}

    @Test
    void jsonSwitchesTheConsoleToBootsEcsFormatAndTextOrNothingLeavesItPlain() {
        assertThat(structuredConsole(Map.of("LOG_FORMAT", "json"))).isEqualTo("ecs");
        assertThat(structuredConsole(Map.of("LOG_FORMAT", "logstash"))).isEqualTo("logstash");
        assertThat(structuredConsole(Map.of("LOG_FORMAT", "text"))).isNull();
        assertThat(structuredConsole(Map.of())).isNull();
        // A setting of its own still wins over LOG_FORMAT.
        assertThat(structuredConsole(Map.of("LOG_FORMAT", "json", "logging.structured.format.console", "gelf")))
                .isEqualTo("gelf");
    }

    @Test
    void anUnknownFormatIsRefusedAtStart() {
        assertThatThrownBy(() -> structuredConsole(Map.of("LOG_FORMAT", "yaml")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOG_FORMAT");
    }

    @Test
    void everyLineIsAJsonObjectCarryingTheRequestId(CapturedOutput output) {
        var application = new SpringApplication(NothingButLogging.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (var context = application.run("--LOG_FORMAT=json", "--spring.application.name=json-logs-test")) {
            MDC.put(RequestIds.MDC_KEY, "req_structured_logs_test");
            try {
                LoggerFactory.getLogger(StructuredLogsTests.class).info("settled {} events", 3);
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }

        var json = JsonMapper.builder().build();
        var line = output.getOut()
                .lines()
                .filter(l -> l.contains("settled 3 events"))
                .findFirst()
                .orElseThrow();
        var entry = json.readTree(line);
        assertThat(entry.get("message").asString()).isEqualTo("settled 3 events");
        assertThat(entry.get("request_id").asString()).isEqualTo("req_structured_logs_test");
        assertThat(entry.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(entry.get("service").get("name").asString()).isEqualTo("json-logs-test");
    }

    private static String structuredConsole(Map<String, Object> settings) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new AggregatorDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("logging.structured.format.console");
    }
}
